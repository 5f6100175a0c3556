//! Text inside a `<textarea>`. Leptos writes a textarea's children to the server-rendered page
//! without escaping them, so a typed `</textarea><script>` would end the element and inject
//! markup. On the server the text is escaped here (the browser decodes it back into the field's
//! value); in the browser it is set as a text node, which needs no escaping.

/// `text` as it must be given to a `<textarea>` as its child.
pub fn textarea_text(text: String) -> String {
    if cfg!(feature = "ssr") {
        escape(&text)
    } else {
        text
    }
}

fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_cannot_close_the_field() {
        assert_eq!(
            escape("</textarea><script>x && y</script>"),
            "&lt;/textarea&gt;&lt;script&gt;x &amp;&amp; y&lt;/script&gt;"
        );
    }
}
