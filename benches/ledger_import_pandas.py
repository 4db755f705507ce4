"""Reference for benches/ledger_import.rs: reads the same returned ledgers with pandas+openpyxl.

Usage: python3 ledger_import_pandas.py DIR

Reads every .xlsx in DIR with pandas.read_excel (engine openpyxl, every sheet, no header
guessing) and concatenates all rows into one DataFrame, the way a clerk's script would merge
the ledgers. It does less than the Rust import (no header detection, no task matching, no
database), so the comparison flatters pandas. Prints `pandas_seconds=<seconds>` and
`pandas_rows=<rows read>`.
"""

import os
import sys
import time

try:
    import pandas as pd
except ImportError:
    print("pandas_missing=请先安装 pandas 和 openpyxl：pip install pandas openpyxl")
    sys.exit(3)


def main():
    folder = sys.argv[1]
    files = sorted(
        os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".xlsx")
    )
    start = time.perf_counter()
    frames = []
    for path in files:
        sheets = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
        for name, frame in sheets.items():
            if name.startswith("_"):
                continue
            frame = frame.dropna(how="all")
            frame.insert(0, "file", os.path.basename(path))
            frames.append(frame)
    merged = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    elapsed = time.perf_counter() - start
    print(f"pandas_seconds={elapsed:.6f}")
    print(f"pandas_rows={len(merged)}")


if __name__ == "__main__":
    main()
