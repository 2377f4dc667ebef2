"""The stats app (统计报表): the monthly window report (窗口月报), its charts and exports."""
