//! Character encodings of CSV files: detection (byte-order mark first, then a detector) and a strict
//! streaming decoder that refuses undecodable bytes with their position instead of replacing them.

use std::io::{self, Read};

use encoding_rs::{Decoder, DecoderResult, Encoding};
use serde::Serialize;

/// An encoding the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub enum TextEncoding {
    /// UTF-8, with or without a byte-order mark.
    #[serde(rename = "utf-8")]
    Utf8,
    /// Shift_JIS as Windows writes it (CP932, Windows-31J): ① ㈱ 髙 﨑 and half-width katakana included.
    #[serde(rename = "cp932")]
    Cp932,
    /// EUC-JP.
    #[serde(rename = "euc-jp")]
    EucJp,
    /// UTF-16 little-endian (Excel's "Unicode text"), recognised by its byte-order mark.
    #[serde(rename = "utf-16le")]
    Utf16Le,
    /// UTF-16 big-endian, recognised by its byte-order mark.
    #[serde(rename = "utf-16be")]
    Utf16Be,
}

impl TextEncoding {
    /// The name users give and see.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Cp932 => "cp932",
            TextEncoding::EucJp => "euc-jp",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
        }
    }

    /// The encoding a user named: utf-8 (utf8), cp932 (shift_jis, sjis, windows-31j, ms932), euc-jp.
    pub fn from_name(name: &str) -> Option<TextEncoding> {
        match name.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" | "utf-8-sig" => Some(TextEncoding::Utf8),
            "cp932" | "shift-jis" | "sjis" | "windows-31j" | "ms932" | "shiftjis" => {
                Some(TextEncoding::Cp932)
            }
            "euc-jp" | "eucjp" => Some(TextEncoding::EucJp),
            "utf-16le" | "utf16le" => Some(TextEncoding::Utf16Le),
            "utf-16be" | "utf16be" => Some(TextEncoding::Utf16Be),
            _ => None,
        }
    }

    fn encoding(self) -> &'static Encoding {
        match self {
            TextEncoding::Utf8 => encoding_rs::UTF_8,
            // encoding_rs's Shift_JIS is the WHATWG one, which is Windows-31J/CP932.
            TextEncoding::Cp932 => encoding_rs::SHIFT_JIS,
            TextEncoding::EucJp => encoding_rs::EUC_JP,
            TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
            TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
        }
    }
}

/// How the encoding was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Detection {
    /// From the byte-order mark.
    Bom,
    /// Guessed from the content.
    Detected,
    /// Named by the user.
    Given,
}

/// The outcome of detection: an encoding, or the detector's guess that we do not read.
pub fn detect(head: &[u8]) -> Result<(TextEncoding, Detection), &'static str> {
    if head.starts_with(b"\xEF\xBB\xBF") {
        return Ok((TextEncoding::Utf8, Detection::Bom));
    }
    if head.starts_with(b"\xFF\xFE") {
        return Ok((TextEncoding::Utf16Le, Detection::Bom));
    }
    if head.starts_with(b"\xFE\xFF") {
        return Ok((TextEncoding::Utf16Be, Detection::Bom));
    }
    // UTF-16 without a byte-order mark: text in Latin letters or Japanese has a zero in every other
    // byte of its ASCII characters (tabs, commas, digits, newlines).
    if head.len() >= 16 {
        let zeros = |parity: usize| {
            head.iter()
                .skip(parity)
                .step_by(2)
                .filter(|b| **b == 0)
                .count()
        };
        let (even, odd) = (zeros(0), zeros(1));
        let half = head.len() / 2;
        if odd * 4 > half && even * 20 < half {
            return Ok((TextEncoding::Utf16Le, Detection::Detected));
        }
        if even * 4 > half && odd * 20 < half {
            return Ok((TextEncoding::Utf16Be, Detection::Detected));
        }
    }
    // Valid UTF-8 (allowing a character cut at the end of the sample) is UTF-8: the detector is only
    // for the rest, where it tells Shift_JIS from EUC-JP and from single-byte encodings.
    match std::str::from_utf8(head) {
        Ok(_) => return Ok((TextEncoding::Utf8, Detection::Detected)),
        Err(e) if e.error_len().is_none() => return Ok((TextEncoding::Utf8, Detection::Detected)),
        Err(_) => {}
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(head, false);
    let guess = detector.guess(Some(b"jp"), chardetng::Utf8Detection::Allow);
    if guess == encoding_rs::SHIFT_JIS {
        Ok((TextEncoding::Cp932, Detection::Detected))
    } else if guess == encoding_rs::EUC_JP {
        Ok((TextEncoding::EucJp, Detection::Detected))
    } else {
        Err(guess.name())
    }
}

/// Where a decoder met bytes it cannot decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Undecodable {
    /// Byte offset of the first bad byte in the file.
    pub byte_offset: u64,
    /// 1-based line in the decoded text.
    pub line: u64,
    /// 1-based column (characters) in the decoded text.
    pub column: u64,
}

impl std::fmt::Display for Undecodable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "undecodable bytes at line {}, column {} (byte {})",
            self.line, self.column, self.byte_offset
        )
    }
}

impl std::error::Error for Undecodable {}

/// A reader that decodes `inner` to UTF-8 and fails on the first undecodable byte sequence with an
/// `io::ErrorKind::InvalidData` error carrying an `Undecodable`. A byte-order mark is removed.
pub struct StrictDecoder<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    in_start: usize,
    in_end: usize,
    output: Vec<u8>,
    out_start: usize,
    out_end: usize,
    eof: bool,
    finished: bool,
    consumed: u64,
    line: u64,
    column: u64,
    /// Bytes of UTF-8 produced so far.
    produced: u64,
    /// Offsets (in the produced text) of newlines not yet passed by `line_at`.
    newlines: std::collections::VecDeque<u64>,
    /// Offsets of carriage returns not yet passed by `line_at`.
    returns: std::collections::VecDeque<u64>,
    /// Newlines already passed by `line_at`.
    lines_passed: u64,
    /// Double quotes seen: an odd count at the end means a quote was never closed.
    quotes: u64,
    /// Bytes since the last newline.
    line_length: u64,
}

/// The longest line the importer reads: no CRM export has a line of 16 MiB; a file that does is not
/// CSV (or a quote was never closed), and reading on would only fill memory.
pub const MAX_LINE_BYTES: u64 = 16 * 1024 * 1024;

/// A line longer than `MAX_LINE_BYTES`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineTooLong {
    /// The 1-based line.
    pub line: u64,
}

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {} is longer than {} MiB",
            self.line,
            MAX_LINE_BYTES / (1024 * 1024)
        )
    }
}

impl std::error::Error for LineTooLong {}

impl<R: Read> StrictDecoder<R> {
    /// A decoder of `inner` in `encoding`.
    pub fn new(inner: R, encoding: TextEncoding) -> Self {
        StrictDecoder {
            inner,
            decoder: encoding.encoding().new_decoder_with_bom_removal(),
            input: vec![0; 64 * 1024],
            in_start: 0,
            in_end: 0,
            output: vec![0; 3 * 64 * 1024 + 16],
            out_start: 0,
            out_end: 0,
            eof: false,
            finished: false,
            consumed: 0,
            line: 1,
            column: 1,
            produced: 0,
            newlines: std::collections::VecDeque::new(),
            returns: std::collections::VecDeque::new(),
            lines_passed: 0,
            quotes: 0,
            line_length: 0,
        }
    }

    /// The 1-based line on which the record starting at byte `offset` of the decoded text begins.
    /// The csv reader may report a record's start before line terminators still to be skipped
    /// (the `\n` of a CRLF, blank lines), so those are stepped over first. Offsets must not decrease
    /// from call to call; memory stays bounded.
    pub fn line_at(&mut self, offset: u64) -> u64 {
        // Each step passes the terminators before `offset` for good, so a run of blank lines
        // costs its length once (looking through the newlines from the front at every step cost
        // its square: 160,000 blank lines took 3.4 s, five million about an hour).
        let mut offset = offset;
        loop {
            while self.returns.front().is_some_and(|&r| r < offset) {
                self.returns.pop_front();
            }
            while self.newlines.front().is_some_and(|&n| n < offset) {
                self.newlines.pop_front();
                self.lines_passed += 1;
            }
            let at_terminator =
                self.returns.front() == Some(&offset) || self.newlines.front() == Some(&offset);
            if !at_terminator {
                break;
            }
            offset += 1;
        }
        self.lines_passed + 1
    }

    /// Whether every double quote seen so far has its partner (an odd count at the end of the file
    /// means a quoted field ran to the end).
    pub fn quotes_balanced(&self) -> bool {
        self.quotes.is_multiple_of(2)
    }

    /// Bytes of the source decoded so far.
    pub fn bytes_read(&self) -> u64 {
        self.consumed
    }

    fn fill(&mut self) -> io::Result<()> {
        if self.in_start == self.in_end {
            self.in_start = 0;
            self.in_end = 0;
        }
        if !self.eof && self.in_end < self.input.len() {
            let n = self.inner.read(&mut self.input[self.in_end..])?;
            if n == 0 {
                self.eof = true;
            }
            self.in_end += n;
        }
        let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
            &self.input[self.in_start..self.in_end],
            &mut self.output,
            self.eof,
        );
        let decoded = &self.output[..written];
        let base = self.produced;
        for (i, b) in decoded.iter().enumerate() {
            match b {
                b'\n' => {
                    self.newlines.push_back(base + i as u64);
                    self.line_length = 0;
                }
                b'\r' => self.returns.push_back(base + i as u64),
                b'"' => self.quotes += 1,
                _ => {}
            }
            self.line_length += 1;
            if self.line_length > MAX_LINE_BYTES {
                let line = self.lines_passed + self.newlines.len() as u64 + 1;
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    LineTooLong { line },
                ));
            }
        }
        self.produced += written as u64;
        for ch in std::str::from_utf8(decoded)
            .expect("the decoder writes UTF-8")
            .chars()
        {
            if ch == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.out_start = 0;
        self.out_end = written;
        match result {
            DecoderResult::Malformed(bad, after) => {
                let offset = self.consumed + read as u64 - u64::from(after) - u64::from(bad);
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    Undecodable {
                        byte_offset: offset,
                        line: self.line,
                        column: self.column,
                    },
                ));
            }
            DecoderResult::InputEmpty => {
                if self.eof && read == self.in_end - self.in_start {
                    self.finished = true;
                }
            }
            DecoderResult::OutputFull => {}
        }
        self.in_start += read;
        self.consumed += read as u64;
        Ok(())
    }
}

impl<R: Read> Read for StrictDecoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_start == self.out_end {
            if self.finished {
                return Ok(0);
            }
            self.fill()?;
        }
        let n = buf.len().min(self.out_end - self.out_start);
        buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
        self.out_start += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], enc: TextEncoding) -> io::Result<String> {
        let mut out = String::new();
        StrictDecoder::new(bytes, enc).read_to_string(&mut out)?;
        Ok(out)
    }

    #[test]
    fn cp932_with_vendor_characters() {
        let (bytes, _, bad) = encoding_rs::SHIFT_JIS.encode("㈱髙﨑①ｶﾀｶﾅ\r\n");
        assert!(!bad);
        assert_eq!(
            decode(&bytes, TextEncoding::Cp932).unwrap(),
            "㈱髙﨑①ｶﾀｶﾅ\r\n"
        );
        assert_eq!(detect(&bytes.repeat(20)).unwrap().0, TextEncoding::Cp932);
    }

    #[test]
    fn undecodable_bytes_are_located() {
        let bytes = b"name\nabc\xff\xfe\n";
        let err = decode(bytes, TextEncoding::Utf8).unwrap_err();
        let u = err
            .get_ref()
            .unwrap()
            .downcast_ref::<Undecodable>()
            .unwrap();
        assert_eq!((u.byte_offset, u.line, u.column), (8, 2, 4));
    }

    #[test]
    fn boms_and_plain_utf8() {
        assert_eq!(
            detect(b"\xEF\xBB\xBFa,b").unwrap(),
            (TextEncoding::Utf8, Detection::Bom)
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFa,b", TextEncoding::Utf8).unwrap(),
            "a,b"
        );
        assert_eq!(
            detect("会社名,メール".as_bytes()).unwrap().0,
            TextEncoding::Utf8
        );
        let cut = &"会社名".as_bytes()[..4];
        assert_eq!(detect(cut).unwrap().0, TextEncoding::Utf8);
        let utf16: Vec<u8> = [0xFF, 0xFE, b'a', 0, b',', 0, b'b', 0].to_vec();
        assert_eq!(detect(&utf16).unwrap().0, TextEncoding::Utf16Le);
        let no_bom: Vec<u8> = "会社名\tメールアドレス\r\nテスト\ta@b.jp\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            detect(&no_bom).unwrap(),
            (TextEncoding::Utf16Le, Detection::Detected)
        );
        assert_eq!(decode(&utf16, TextEncoding::Utf16Le).unwrap(), "a,b");
    }

    #[test]
    fn long_input_decodes_across_buffer_boundaries() {
        let text = "株式会社テスト,髙橋①\n".repeat(20_000);
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
        assert_eq!(decode(&bytes, TextEncoding::Cp932).unwrap(), text);
    }
}
