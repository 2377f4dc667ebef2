"""The catalog workbook (.xlsx): one documented column layout (``layout``), a deterministic
writer and a checking reader; ``services`` ties them to the interchange import/export."""
