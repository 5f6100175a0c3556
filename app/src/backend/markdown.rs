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

#[cfg(test)]
mod tests {
    use super::to_safe_html;

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
