"""The work-order text classifier (first-level 诉求分类).

- :mod:`.data` reads training files: headerless ``label,text`` CSV, or the xlsx layout of the
  Teddy Cup 附件2 (留言主题 + 留言详情 → text, 一级分类 → label), and groups near-duplicate
  texts (used by the benchmark to keep near-copies on one side of its split).
- :mod:`.model` builds, trains, saves and loads the model: a character-n-gram SVM with
  subject-line features (:mod:`.blend`; a jieba-word SVM can be blended in), temperature-scaled
  so the top-3 confidences are probabilities. A model file is one joblib dump carrying its format,
  version, labels and training summary, so files are self-describing and versioned.
"""
