//! Escaping for the markup the exports write (HTML reports, BPMN XML).

/// Whether XML 1.0 can hold `c` at all, written or as a reference: not a control character
/// other than tab and line breaks, not U+FFFE or U+FFFF.
pub fn is_xml_char(c: char) -> bool {
    !((c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}'))
}

/// `s` safe inside HTML or XML text and attribute values. Characters XML 1.0 cannot hold at all
/// (control characters other than tab and line breaks, U+FFFE, U+FFFF) become U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if !is_xml_char(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_and_characters_xml_cannot_hold_are_escaped() {
        assert_eq!(
            super::escape("<a href=\"x\">'&'</a>\u{1}\t\u{ffff}"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\u{fffd}\t\u{fffd}"
        );
    }
}
