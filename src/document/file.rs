//! Reading a file the clerk chose: never a folder, a device or a pipe, never more than a limit
//! that its first bytes decide.

use std::io::Read;
use std::path::Path;

use super::FileError;

/// The file's name without its folder, for messages.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads a whole file and its name, refusing a folder and a file larger than the limit that
/// `limit` gives for the file's first bytes (before reading the rest).
pub(crate) fn read_file(
    path: &Path,
    limit: impl FnOnce(&[u8]) -> u64,
) -> Result<(String, Vec<u8>), FileError> {
    let name = file_name(path);
    match read_limited(path, limit) {
        Ok(bytes) => Ok((name, bytes)),
        Err(Refused::Folder) => Err(FileError::Io {
            file: name,
            source: std::io::Error::other("这是一个文件夹"),
        }),
        Err(Refused::NotRegular(special)) => Err(FileError::NotAFile {
            file: name,
            what: special.label(),
        }),
        Err(Refused::TooLarge { size, limit }) => Err(FileError::TooLarge {
            file: name,
            size_mb: size.div_ceil(1024 * 1024),
            limit_mb: limit / (1024 * 1024),
        }),
        Err(Refused::Io(source)) => Err(FileError::Io { file: name, source }),
    }
}

/// Why [`read_limited`] did not read a file.
#[derive(Debug)]
pub(crate) enum Refused {
    /// The path is a folder.
    Folder,
    /// The path is a FIFO, a device, a socket…: never opened for reading.
    NotRegular(crate::user_file::Special),
    /// The file has `size` bytes, more than `limit`.
    TooLarge {
        size: u64,
        limit: u64,
    },
    Io(std::io::Error),
}

/// Reads a whole file in one open, refusing a folder, anything else that is not a regular file
/// ([`crate::user_file::open`]) and a file larger than the limit that `limit` gives for its
/// first 8 bytes (read before the rest). A file still growing while it is read stops at the
/// limit.
pub(crate) fn read_limited(
    path: &Path,
    limit: impl FnOnce(&[u8]) -> u64,
) -> Result<Vec<u8>, Refused> {
    use crate::user_file::{OpenError, Special};
    let (mut f, meta) = crate::user_file::open(path).map_err(|e| match e {
        OpenError::NotRegular(Special::Folder) => Refused::Folder,
        OpenError::NotRegular(s) => Refused::NotRegular(s),
        // Windows refuses to open a folder as a file: say it is a folder, not "access denied".
        OpenError::Io(_) if path.is_dir() => Refused::Folder,
        OpenError::Io(e) => Refused::Io(e),
    })?;
    // A small file (every returned ledger) is read in one go, its limit checked after; a
    // larger one only once its first bytes have said which limit applies.
    const SMALL: u64 = 1 << 20;
    let head = if meta.len() <= SMALL { SMALL + 1 } else { 8 };
    let mut bytes = Vec::with_capacity(meta.len().min(SMALL) as usize + 1);
    (&mut f)
        .take(head)
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    let limit = limit(&bytes[..bytes.len().min(8)]);
    if meta.len() > limit {
        return Err(Refused::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    if bytes.len() as u64 == head {
        bytes.reserve_exact((meta.len() as usize).saturating_sub(bytes.len()));
        (&mut f)
            .take((limit + 1).saturating_sub(bytes.len() as u64))
            .read_to_end(&mut bytes)
            .map_err(Refused::Io)?;
    }
    if bytes.len() as u64 > limit {
        return Err(Refused::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_whole_and_folders_or_oversized_files_refused() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        assert!(matches!(
            read_limited(dir.path(), |_| 100),
            Err(Refused::Folder)
        ));
        assert!(matches!(
            read_limited(&dir.path().join("没有.txt"), |_| 100),
            Err(Refused::Io(_))
        ));
        let small = dir.path().join("方案.txt");
        std::fs::write(&small, "一、总体要求\n示例县")?;
        let bytes = read_limited(
            &small,
            |head| if head.starts_with(b"PK") { 1 } else { 1000 },
        );
        assert_eq!(
            bytes.ok().as_deref(),
            Some("一、总体要求\n示例县".as_bytes())
        );
        // The limit is chosen from the first bytes: a text file may be 1000 bytes, a zip 1.
        let zip = b"PK\x03\x04 more than one byte";
        std::fs::write(&small, zip)?;
        assert!(matches!(
            read_limited(&small, |head| if head.starts_with(b"PK") { 1 } else { 1000 }),
            Err(Refused::TooLarge { size, limit: 1 }) if size == zip.len() as u64
        ));
        // Larger than the limit: refused from its size, nothing read.
        let big = dir.path().join("大.xlsx");
        std::fs::File::create(&big)?.set_len(3 << 20)?;
        assert!(matches!(
            read_limited(&big, |_| 1 << 20),
            Err(Refused::TooLarge { size, limit }) if size == 3 << 20 && limit == 1 << 20
        ));
        Ok(())
    }
}
