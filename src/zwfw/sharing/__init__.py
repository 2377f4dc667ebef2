"""The sharing app (数据共享): the data catalogue, sharing requests and logged reads, connectors,
the 关联图谱 of items, materials, licences, datasets, departments and systems, and the
政务服务码 (亮码办事). See docs/sharing.md."""
