//! Markdown to HTML that is safe to insert into a page: pulldown-cmark renders, ammonia
//! removes scripts, event handlers, dangerous URLs and anything else outside its allow-list.

use pulldown_cmark::{Options, Parser, html};

pub fn to_safe_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&unsafe_html)
        .to_string()
}

/// `text` as Markdown that renders as exactly that text, for people's words quoted inside an
/// automatic timeline entry (a task title with `*` in it stays a task title).
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::{escape, to_safe_html};

    #[test]
    fn escaped_text_renders_as_itself() {
        for text in [
            "**not bold** [x](y) `z` # h",
            "<b>tag</b> & 1 < 2",
            "_a_ ~b~ |c|",
        ] {
            let html = to_safe_html(&escape(text));
            let shown = html
                .trim()
                .trim_start_matches("<p>")
                .trim_end_matches("</p>")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            assert_eq!(shown, text);
        }
    }

    #[test]
    fn markdown_is_rendered() {
        assert_eq!(to_safe_html("**bold**"), "<p><strong>bold</strong></p>\n");
    }

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let corpus = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt&#58;alert(1))",
            "</textarea><script>alert(1)</script>",
            "<svg onload=alert(1)><script>alert(1)</script></svg>",
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
            "<iframe src=\"https://example.com\"></iframe>",
        ];
        for input in corpus {
            let html = to_safe_html(input).to_lowercase();
            for banned in [
                "<script",
                "onerror",
                "onload",
                "javascript:",
                "<iframe",
                "<svg",
            ] {
                assert!(!html.contains(banned), "{input:?} rendered {html:?}");
            }
        }
    }
}
