"""The work-order text classifier (first-level 诉求分类).

- :mod:`.data` reads training files: headerless ``label,text`` CSV, or the xlsx layout of the
  Teddy Cup 附件2 (留言主题 + 留言详情 → text, 一级分类 → label).
- :mod:`.model` builds, trains, saves and loads the model: TF-IDF over character 1–3-grams
  (jieba words optional), a linear SVM with calibrated probabilities that give the top-3
  confidences. A model file is one joblib dump carrying its format, version, labels and training
  summary, so files are self-describing and versioned.
"""
