"""The case pages (办件), one module per console, all thin: parse → one service or selector →
render. Services' errors (``ZwfwError``) are shown as their Chinese message with their 4xx status,
never a 500; cases out of the user's scope are 404 (the selectors say so).

- :mod:`.apply` 在线申请 (PC ``online``, phone ``mobile``, 代办/帮办 ``window``);
- :mod:`.mine` 我的办件 (list, case page with 办理进度, 补正 resubmission, withdrawal);
- :mod:`.window` 综合窗口 (queues and the front-desk actions);
- :mod:`.review` 审批工作台 (steps, special procedures, the decision);
- :mod:`.supervision` 监管收件箱 (审管联动 notices, 告知承诺 verification);
- :mod:`.lookup` 办件查询 (public: number + 查询码).
"""
