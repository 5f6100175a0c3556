//! Sizes of the site's wasm, JavaScript and CSS: raw, gzip (level 9) and brotli (quality 11),
//! and what the server actually sends a browser that accepts brotli.

use anyhow::Context;
use std::{io::Write, path::Path};

pub struct Asset {
    pub file: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
    /// Bytes sent for `Accept-Encoding: br, gzip`, and the encoding the server chose.
    pub served: Option<(u64, String)>,
}

/// Measures `pkg/tandem.{wasm,js,css}` under `site_root`.
pub fn measure(site_root: &Path) -> anyhow::Result<Vec<Asset>> {
    ["tandem.wasm", "tandem.js", "tandem.css"]
        .into_iter()
        .map(|name| {
            let path = site_root.join("pkg").join(name);
            let bytes =
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            Ok(Asset {
                file: format!("pkg/{name}"),
                raw: bytes.len() as u64,
                gzip: gzip(&bytes)?,
                brotli: brotli(&bytes)?,
                served: None,
            })
        })
        .collect()
}

/// Fetches each asset as a browser would and records what went over the wire.
pub async fn served(base: &str, assets: &mut [Asset]) -> anyhow::Result<()> {
    // The client does not decode bodies, so the length read is the length sent.
    let client = reqwest::Client::new();
    for asset in assets {
        let response = client
            .get(format!("{base}/{}", asset.file))
            .header("Accept-Encoding", "br, gzip")
            .send()
            .await?
            .error_for_status()?;
        let encoding = response
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("identity")
            .to_owned();
        let body = response.bytes().await?;
        asset.served = Some((body.len() as u64, encoding));
    }
    Ok(())
}

fn gzip(bytes: &[u8]) -> anyhow::Result<u64> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len() as u64)
}

fn brotli(bytes: &[u8]) -> anyhow::Result<u64> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(bytes)?;
    }
    Ok(out.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_sizes_are_real_and_smaller_for_repetitive_input() -> anyhow::Result<()> {
        let text = "incident timeline entry ".repeat(1000);
        let (g, b) = (gzip(text.as_bytes())?, brotli(text.as_bytes())?);
        assert!(g > 0 && g < 1000, "gzip {g}");
        assert!(b > 0 && b < 1000, "brotli {b}");
        let mut decoded = String::new();
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(text.as_bytes())?;
        let compressed = encoder.finish()?;
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&compressed[..]),
            &mut decoded,
        )?;
        assert_eq!(decoded, text);
        Ok(())
    }
}
