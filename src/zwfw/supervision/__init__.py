"""互联网+监管: supervision items, the 审管联动 inbox, 告知承诺 verification, 双随机一公开, credit grades."""
