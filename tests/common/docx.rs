//! A minimal .docx written from WordprocessingML, for tests and benches that need a Word file
//! (LibreOffice opens it, so it can also be saved as .doc).

use std::io::Write;
use std::path::Path;

/// Text escaped for XML.
pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One paragraph of text.
pub fn para(text: &str) -> String {
    format!(
        "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        esc(text)
    )
}

/// Writes a .docx whose body is `body` (WordprocessingML).
pub fn write_docx(path: &Path, body: &str) -> Result<(), Box<dyn std::error::Error>> {
    write_docx_numbered(path, body, None)
}

/// [`write_docx`] with `numbering` as its word/numbering.xml (Word's automatic numbering).
pub fn write_docx_numbered(
    path: &Path,
    body: &str,
    numbering: Option<&str>,
) -> Result<(), Box<dyn std::error::Error>> {
    let numbering_type = if numbering.is_some() {
        "<Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>"
    } else {
        ""
    };
    let mut w = zip::ZipWriter::new(std::fs::File::create(path)?);
    let opts = zip::write::SimpleFileOptions::default();
    w.start_file("[Content_Types].xml", opts)?;
    write!(
        w,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
          <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
          <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
          <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>{numbering_type}</Types>",
    )?;
    w.start_file("_rels/.rels", opts)?;
    w.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
          <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>",
    )?;
    if let Some(numbering) = numbering {
        w.start_file("word/_rels/document.xml.rels", opts)?;
        w.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
              <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/></Relationships>",
        )?;
        w.start_file("word/numbering.xml", opts)?;
        w.write_all(numbering.as_bytes())?;
    }
    w.start_file("word/document.xml", opts)?;
    write!(
        w,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}<w:sectPr/></w:body></w:document>"
    )?;
    w.finish()?;
    Ok(())
}
