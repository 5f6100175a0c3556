//! How server functions answer: JSON, read back as text. The page's own resources arrive as
//! JSON text in the HTML and are read with `serde_json::from_str`; server-function answers read
//! the same way, so the browser holds one JSON reader per answer type instead of two (one for
//! text, one for bytes). On the wire this is plain `application/json`.

use bytes::Bytes;
use serde::{Serialize, de::DeserializeOwned};
use server_fn::codec::Post;
use server_fn::{ContentType, Decodes, Encodes, Format, FormatType};

/// JSON written as bytes and read as UTF-8 text.
pub struct JsonTextEncoding;

impl ContentType for JsonTextEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonTextEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonTextEncoding {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonTextEncoding {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        let text = std::str::from_utf8(&bytes).map_err(serde::de::Error::custom)?;
        serde_json::from_str(text)
    }
}

/// The answer encoding of every server function: `#[server(output = contract::codec::JsonText)]`.
pub type JsonText = Post<JsonTextEncoding>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_reads_back_as_written_and_bad_text_is_an_error() {
        let written = <JsonTextEncoding as Encodes<Vec<String>>>::encode(&vec!["é".to_owned()])
            .expect("encodes");
        let read: Vec<String> = JsonTextEncoding::decode(written).expect("decodes");
        assert_eq!(read, vec!["é".to_owned()]);
        let broken = Bytes::from_static(b"[\"\xff\"]");
        assert!(<JsonTextEncoding as Decodes<Vec<String>>>::decode(broken).is_err());
    }
}
