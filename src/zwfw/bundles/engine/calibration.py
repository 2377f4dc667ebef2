"""The labelled name pairs the similarity threshold was chosen on (realistic Chinese material names).

Wordings are those of Sichuan and other provinces' published 办事指南 and of the demo catalog
(``zwfw/catalog/interchange/demo_data/materials.yaml``). ``POSITIVES`` are the same document and
must be suggested at :data:`~zwfw.bundles.engine.similarity.DEFAULT_THRESHOLD`; ``NEGATIVES`` are different
documents and must not be. ``HARD_POSITIVES`` are the same document (or often accepted as such)
but score below the default threshold: known misses, reachable by a reviewer's accepted
decision. The tests assert the first two lists; ``bench/bundle_compose.py --calibrate`` prints the
scores of all three and compares with a character edit ratio (rapidfuzz ``fuzz.ratio``'s formula).
"""

from __future__ import annotations

POSITIVES: tuple[tuple[str, str], ...] = (
    ("居民身份证", "身份证复印件"),
    ("居民身份证", "申请人身份证明"),
    ("身份证复印件", "申请人身份证明"),
    ("父母双方居民身份证", "监护人居民身份证"),
    ("法定代表人身份证明", "居民身份证"),
    ("居民户口簿", "户口本复印件"),
    ("户口簿", "户口本"),
    ("居民户口簿", "户口簿"),
    ("营业执照", "营业执照复印件（加盖公章）"),
    ("营业执照", "营业执照副本"),
    ("营业执照", "电子营业执照"),
    ("结婚证", "结婚证书"),
    ("出生医学证明", "出生证明"),
    ("出生医学证明", "新生儿出生医学证明"),
    ("不动产权证书", "不动产权证"),
    ("房产证", "不动产权证书"),
    ("社会保障卡", "社保卡"),
    ("近期免冠彩色证件照片", "免冠照片"),
    ("近期免冠彩色证件照片", "近期一寸免冠照片"),
    ("股东会决议（或股东决定）", "股东会决议"),
    ("清税证明", "税务部门出具的清税证明"),
    ("食品经营许可证", "食品经营许可证正本"),
    ("驾驶证", "机动车驾驶证"),
    ("残疾人证", "中华人民共和国残疾人证"),
    ("预防接种证", "儿童预防接种证"),
    ("本人银行账户信息（银行卡或社会保障卡金融账户）", "银行账户信息"),
    ("体格检查表（体检合格证明）", "体格检查表"),
    ("学历证书", "学历证书复印件"),
    ("医疗费用票据及费用明细", "医疗费用票据"),
)

NEGATIVES: tuple[tuple[str, str], ...] = (
    ("营业执照", "营业场所证明"),
    ("结婚证", "离婚证"),
    ("出生医学证明", "居民死亡医学证明（推断）书"),
    ("机动车驾驶证", "机动车行驶证"),
    ("居民身份证", "居住证"),
    ("居民身份证", "居民户口簿"),
    ("食品经营许可证", "营业执照"),
    ("食品经营许可证", "道路运输经营许可证"),
    ("不动产权证书", "不动产登记证明（抵押）"),
    ("社会保障卡", "社会保险参保缴费记录"),
    ("出生医学证明", "出生登记"),
    ("教师资格证书", "教师资格认定申请表"),
    ("学历证书", "学位证书"),
    ("房屋租赁合同", "房屋买卖合同"),
    ("户口簿", "户口迁移证"),
    ("居住证", "居住证明（房屋产权证明或租赁登记备案证明）"),
    ("公司章程", "章程修正案"),
    ("授权委托书", "告知承诺书"),
    ("消防安全告知承诺书", "告知承诺书"),
    ("预防接种证", "出生医学证明"),
    ("社会保障卡", "残疾人证"),
    ("结婚证", "结婚登记审查处理表"),
    ("清税证明", "契税完税凭证"),
    ("经营场所平面布局图", "经营场所租赁合同"),
    ("住所（经营场所）使用证明", "营业执照"),
    ("股东会决议（或股东决定）", "董事会决议"),
    ("道路运输经营许可证", "道路运输从业人员从业资格证"),
    ("商品房买卖合同（网签备案）", "房屋租赁合同"),
    ("职工退休审批表", "退休人员基本信息表"),
)

HARD_POSITIVES: tuple[tuple[str, str], ...] = (
    ("授权委托书", "委托书"),
    ("公司章程", "章程"),
    ("居民户口簿", "户口簿首页及本人页"),
    ("住所（经营场所）使用证明", "经营场所租赁合同"),
)
