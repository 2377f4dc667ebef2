"""Demo appeals written for the project (invented; no real person or event), labelled with the
seven first-level categories used by the demo model. :func:`demo_training_rows` expands the
templates with places and details into a few hundred labelled texts — enough for the demo
classifier and the tests, never a substitute for real training data."""

from __future__ import annotations

import itertools

PLACES = [
    "武侯区簇桥街道",
    "武侯区玉林路",
    "锦江区春熙路",
    "青羊区宽窄巷子附近",
    "成华区建设路",
    "金牛区茶店子",
    "高新区天府三街",
    "双流区东升街道",
    "郫都区犀浦镇",
    "龙泉驿区大面街道",
]
DETAILS = ["已经持续两个多月", "多次反映没有结果", "希望尽快处理", "请相关部门核实", "周边居民意见很大", "影响正常生活"]

TEMPLATES: dict[str, list[str]] = {
    "劳动和社会保障": [
        "{p}某公司拖欠工资，工人三个月没有领到工资，{d}",
        "咨询在{p}灵活就业人员如何缴纳养老保险，社保断缴后怎么补缴",
        "{p}的企业不给员工购买社保，也不签劳动合同，{d}",
        "退休人员养老金调整什么时候发放，{p}社保经办机构电话打不通",
        "医保卡异地就医备案怎么办理，在{p}住院报销比例是多少",
        "{p}工地农民工工资被包工头克扣，讨薪无门，{d}",
        "失业保险金怎么申领，{p}失业登记需要哪些材料",
        "工伤认定申请被退回，{p}单位不配合提供证明，{d}",
    ],
    "城乡建设": [
        "{p}小区物业不作为，电梯经常故障无人维修，{d}",
        "{p}老旧小区改造施工质量差，外墙脱落存在安全隐患，{d}",
        "{p}开发商延期交房已经一年，购房者维权无门，{d}",
        "{p}小区违章搭建阳光房，占用公共绿地，{d}",
        "咨询{p}公租房申请条件和排队进度",
        "{p}道路开挖后长期不回填，雨天积水严重，{d}",
        "{p}小区公共维修基金使用不透明，业委会拒绝公示，{d}",
        "{p}新建楼盘房屋漏水开裂，开发商拒绝维修，{d}",
    ],
    "教育文体": [
        "{p}学校违规补课收费，学生周末被要求到校上课，{d}",
        "咨询{p}小学一年级入学划片范围和报名材料",
        "{p}校外培训机构卷款跑路，预交的学费无法退还，{d}",
        "{p}幼儿园收费标准过高，是否经过物价部门备案",
        "{p}学校食堂饭菜质量差，孩子吃了经常肚子疼，{d}",
        "{p}公共体育场馆收费不合理，健身步道被占用，{d}",
        "随迁子女在{p}上初中需要哪些材料，积分入学怎么计算",
        "{p}图书馆开放时间太短，周末经常闭馆，{d}",
    ],
    "卫生计生": [
        "{p}医院乱收费，检查项目重复收费，{d}",
        "{p}诊所无证行医，使用过期药品，{d}",
        "咨询{p}新生儿出生医学证明怎么办理",
        "{p}社区卫生服务中心疫苗接种预约不上，{d}",
        "{p}医院医生态度恶劣，看病排队时间过长，{d}",
        "{p}药店高价销售处方药，不凭处方售药，{d}",
        "{p}医美机构虚假宣传，手术后出现感染，{d}",
        "二孩三孩生育登记在{p}如何办理，生育津贴怎么领取",
    ],
    "交通运输": [
        "{p}公交线路调整后乘车很不方便，等车时间太长，{d}",
        "{p}出租车拒载绕路，司机态度恶劣，{d}",
        "{p}网约车平台乱收费，行程结束后多扣费用，{d}",
        "{p}路口红绿灯时间设置不合理，早晚高峰拥堵严重，{d}",
        "{p}长途客运站取消班次，乘客滞留无人处理，{d}",
        "{p}货车超载超限上路，路面被压坏，{d}",
        "咨询{p}驾驶证到期换证需要哪些材料",
        "{p}共享单车乱停乱放堵塞人行道，{d}",
    ],
    "商贸旅游": [
        "{p}超市销售过期食品，价格标签与结算不一致，{d}",
        "{p}商家预付卡消费后关门跑路，余额无法退还，{d}",
        "{p}景区强制消费，导游带游客进购物店，{d}",
        "{p}农贸市场缺斤短两，电子秤作弊，{d}",
        "{p}餐馆卫生状况差，后厨有老鼠，{d}",
        "{p}网购商品质量问题，商家拒绝退换货，{d}",
        "{p}加油站油品质量有问题，车辆加油后故障，{d}",
        "{p}酒店价格欺诈，节假日房价临时大幅上涨，{d}",
    ],
    "环境保护": [
        "{p}工厂夜间偷排废水，河水发黑发臭，{d}",
        "{p}工地夜间施工噪音扰民，晚上十二点还在作业，{d}",
        "{p}餐饮店油烟直排，楼上住户无法开窗，{d}",
        "{p}垃圾中转站臭气熏天，蚊蝇滋生，{d}",
        "{p}企业烟囱冒黑烟，空气中有刺鼻气味，{d}",
        "{p}河道有人非法采砂，破坏生态环境，{d}",
        "{p}KTV和广场舞音响声音太大，{d}",
        "{p}建筑垃圾随意倾倒在农田里，{d}",
    ],
}


def demo_training_rows(per_template: int = 6) -> list[tuple[str, str]]:
    """``(label, text)`` pairs: each template with ``per_template`` place/detail combinations."""
    rows = []
    combos = list(itertools.product(PLACES, DETAILS))
    for label, templates in TEMPLATES.items():
        for t_index, template in enumerate(templates):
            for k in range(per_template):
                place, detail = combos[(t_index * 7 + k * 11) % len(combos)]
                rows.append((label, template.format(p=place, d=detail)))
    return rows
