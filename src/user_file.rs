//! Opening a file the clerk named (an import, a calendar): regular files only.
//!
//! A FIFO blocks the open until someone writes to it, `/dev/zero` never ends and a socket
//! cannot be read at all; none of them is a file a department sent. Every import opens its
//! file here, so that such a path gets a message instead of a hang.

use std::fs::{File, Metadata};
use std::path::Path;

/// What a path is when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    Folder,
    /// A named pipe (FIFO).
    Pipe,
    /// A character or block device, such as `/dev/zero`.
    Device,
    Socket,
    Other,
}

impl Special {
    /// What it is, in Chinese, for messages: “…不是普通文件，而是{label}”.
    pub fn label(self) -> &'static str {
        match self {
            Special::Folder => "一个文件夹",
            Special::Pipe => "一个管道（FIFO）",
            Special::Device => "一个设备文件",
            Special::Socket => "一个套接字",
            Special::Other => "一个特殊文件",
        }
    }

    /// What `meta` describes, or `None` for a regular file.
    pub fn of(meta: &Metadata) -> Option<Special> {
        let t = meta.file_type();
        if t.is_file() {
            return None;
        }
        if t.is_dir() {
            return Some(Special::Folder);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return Some(Special::Pipe);
            }
            if t.is_char_device() || t.is_block_device() {
                return Some(Special::Device);
            }
            if t.is_socket() {
                return Some(Special::Socket);
            }
        }
        Some(Special::Other)
    }
}

/// Why [`open`] did not open a file.
#[derive(Debug)]
pub enum OpenError {
    /// The path exists but is not a regular file.
    NotRegular(Special),
    Io(std::io::Error),
}

/// Opens `path` for reading if it is a regular file (a link to one counts), with its metadata.
///
/// The type is checked before opening (opening a FIFO would wait for a writer) and again on
/// the open file, which on Unix is opened non-blocking so that a FIFO swapped in between the
/// two cannot block either.
pub fn open(path: &Path) -> Result<(File, Metadata), OpenError> {
    let meta = std::fs::metadata(path).map_err(OpenError::Io)?;
    if let Some(s) = Special::of(&meta) {
        return Err(OpenError::NotRegular(s));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(OpenError::Io)?;
    let meta = file.metadata().map_err(OpenError::Io)?;
    if let Some(s) = Special::of(&meta) {
        return Err(OpenError::NotRegular(s));
    }
    Ok((file, meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_opens() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let p = dir.path().join("a.xlsx");
        std::fs::write(&p, b"PK")?;
        let (_, meta) = open(&p).map_err(|e| format!("{e:?}"))?;
        assert_eq!(meta.len(), 2);
        Ok(())
    }

    #[test]
    fn a_folder_is_not_opened() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        assert!(matches!(
            open(dir.path()),
            Err(OpenError::NotRegular(Special::Folder))
        ));
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_not_opened() {
        assert!(matches!(
            open(Path::new("/dev/zero")),
            Err(OpenError::NotRegular(Special::Device))
        ));
    }

    #[test]
    fn a_missing_file_is_an_io_error() {
        assert!(matches!(
            open(Path::new("/nonexistent/x.xlsx")),
            Err(OpenError::Io(_))
        ));
    }
}
