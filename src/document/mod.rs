//! Files as the clerk hands them over, read without knowing what they are for: a file read
//! safely ([`file`]), Office XML ([`xml`]), spreadsheet cells ([`cell`]) and workbooks as grids
//! ([`workbook`]), Word and text documents as paragraphs and tables ([`word`], [`word97`],
//! [`html`]), and the header words that name a table's columns ([`columns`]).
//!
//! The ground floor: nothing here reads the database or knows a plan, a ledger or a roster.

pub(crate) mod cell;
pub(crate) mod columns;
pub(crate) mod file;
pub mod html;
pub mod word;
pub mod word97;
pub mod workbook;
pub(crate) mod xml;

use crate::error_kind::ErrorKind;

/// Why a file could not be read: missing, not a file, too large, encrypted, broken or of a
/// format the app does not read. Every message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("无法读取文件“{file}”：{source}。请确认文件存在、未被其他程序占用。")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("“{file}”不是普通文件，而是{what}，无法读取。请选择保存在磁盘上的文件后再导入。")]
    NotAFile { file: String, what: &'static str },
    #[error("文件“{file}”是空的，没有可导入的内容。请选择方案正文文件。")]
    Empty { file: String },
    #[error("文件“{file}”过大（约 {size_mb} MB，上限 {limit_mb} MB），不像是方案文件。请确认选择的文件是否正确。")]
    TooLarge {
        file: String,
        size_mb: u64,
        limit_mb: u64,
    },
    #[error("“{file}”是旧版 Word（.doc）、WPS（.wps）或 RTF 格式，无法直接读取。请用 Word 或 WPS 打开后“另存为”.docx 格式，再导入。")]
    LegacyFormat { file: String },
    #[error("“{file}”无法作为 Word 97–2003（.doc）或 WPS（.wps）文档读取（{detail}）。请用 Word 或 WPS 打开后“另存为”.docx 格式，再导入。")]
    BrokenDoc { file: String, detail: String },
    #[error("“{file}”是 PDF 文件，无法可靠地读出任务。请用 WPS 或 Word 打开（或找到原始文档）另存为 .docx，或把正文复制到记事本保存为 .txt 后再导入。")]
    Pdf { file: String },
    #[error("“{file}”不是 Word 文档（.docx）{}。请导入方案的 .docx 或 .txt 文件。", if *.excel { "，而是 Excel 表格" } else { "" })]
    NotWord { file: String, excel: bool },
    #[error(
        "“{file}”已损坏，无法作为 .docx 读取（{detail}）。请用 Word 或 WPS 打开并重新保存后再试。"
    )]
    BrokenDocx { file: String, detail: String },
    #[error(
        "“{file}”不是文本文件，也不是 .docx 文档，无法读取。请导入方案的 .docx 或 .txt 文件。"
    )]
    NotText { file: String },
    #[error("“{file}”设置了打开密码（已加密），无法读取。请用 Excel 或 WPS 打开后，在“文件 → 信息 → 保护工作簿”（WPS：“文件 → 文档加密”）中取消密码，另存为 .xlsx 后再导入。")]
    Encrypted { file: String },
    #[error("“{file}”设置了打开密码（已加密），无法读取。请用 Word 或 WPS 打开后，在“文件 → 信息 → 保护文档”（WPS：“文件 → 文档加密”）中取消密码，另存为 .docx 后再导入。")]
    EncryptedDocument { file: String },
    #[error("“{file}”是 WPS 表格格式（.et），无法直接读取。请用 WPS 打开后“另存为”Excel 工作簿（.xlsx），不要设置密码，再导入。")]
    WpsSheet { file: String },
    #[error("“{file}”已损坏，无法作为 Excel 工作簿读取（{detail}）。请用 Excel 或 WPS 打开并“另存为”.xlsx（不设密码）后再试。")]
    BrokenWorkbook { file: String, detail: String },
    #[error("“{file}”工作表“{sheet}”的 {cell} 单元格有 {len} 个字符，超过 Excel 单元格的上限 32767 个字符（开头为“{preview}”），未导入。请精简该单元格后再导入。")]
    CellTooLong {
        file: String,
        sheet: String,
        /// The cell as Excel names it (C5).
        cell: String,
        len: usize,
        preview: String,
    },
    #[error("“{file}”中的“{part}”含有 XML 实体声明（DOCTYPE / ENTITY），正常的 Word / Excel 文件不会有，这种写法可能使程序卡死或读取本机文件，已拒绝导入，未写入任何内容。请用 Word / Excel / WPS 打开该文件，“另存为”.docx / .xlsx 后再导入。")]
    XmlEntities { file: String, part: String },
    #[error("“{file}”中的“{part}”解压后约 {size_mb} MB，远超正常文件，可能已损坏或是恶意文件，已拒绝读取，未写入任何内容。请用 Word / Excel / WPS 打开后“另存为”.docx / .xlsx 再导入。")]
    PartTooLarge {
        file: String,
        part: String,
        size_mb: u64,
    },
}

impl FileError {
    /// Stable machine-readable kind: `io` or `invalid`.
    pub fn kind(&self) -> ErrorKind {
        match self {
            FileError::Io { .. } => ErrorKind::Io,
            FileError::NotAFile { .. }
            | FileError::Empty { .. }
            | FileError::TooLarge { .. }
            | FileError::LegacyFormat { .. }
            | FileError::BrokenDoc { .. }
            | FileError::Pdf { .. }
            | FileError::NotWord { .. }
            | FileError::BrokenDocx { .. }
            | FileError::NotText { .. }
            | FileError::Encrypted { .. }
            | FileError::EncryptedDocument { .. }
            | FileError::WpsSheet { .. }
            | FileError::BrokenWorkbook { .. }
            | FileError::CellTooLong { .. }
            | FileError::XmlEntities { .. }
            | FileError::PartTooLarge { .. } => ErrorKind::Invalid,
        }
    }
}
