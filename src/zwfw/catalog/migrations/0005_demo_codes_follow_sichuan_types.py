"""Demo items whose type now follows Sichuan's own item list (issue 17.6): their base codes carry
the type (1F 确认, 1G 给付, 2B 公共服务), so a database loaded from an earlier demo is recoded in
place — base item, type, type code and implementation codes — instead of gaining a second copy
under the new code. Only these exact demo codes are touched; a code already taken is left alone.
Source of each type: docs/demo-data.md, "Sources per item"."""

from django.db import migrations

RENAMED = {
    "512B12001000": ("511F12001000", "confirmation"),  # 残疾人证新办
    "512B12002000": ("511F12002000", "confirmation"),  # 残疾人证换领、补领
    "512B19002000": ("511G19002000", "payment"),  # 法律援助申请
    "511G04007000": ("512B04007000", "public_service"),  # 城乡居民基本养老保险待遇申领
    "511F04008000": ("512B04008000", "public_service"),  # 单位社会保险登记
    "511F04009000": ("512B04009000", "public_service"),  # 单位社会保险登记变更
    "511F04010000": ("512B04010000", "public_service"),  # 注销社会保险登记
    "511G04011000": ("512B04011000", "public_service"),  # 失业保险金申领
    "511G05002000": ("512B05002000", "public_service"),  # 生育医疗费用支付
    "511G05003000": ("512B05003000", "public_service"),  # 生育津贴支付
    "511F05008000": ("512B05008000", "public_service"),  # 门诊慢特病待遇认定
    "511G05009000": ("512B05009000", "public_service"),  # 医疗费用手工（零星）报销
    "511G08005000": ("512B08005000", "public_service"),  # 公共租赁住房保障资格申请
    "511G11003000": ("512B11003000", "public_service"),  # 困难残疾人生活补贴和重度残疾人护理补贴
    "511G11004000": ("512B11004000", "public_service"),  # 最低生活保障审核确认
    "511G11005000": ("512B11005000", "public_service"),  # 高龄津贴申领
    "511G12003000": ("512B12003000", "public_service"),  # 残疾儿童康复救助
    "511Z13004000": ("512B13004000", "public_service"),  # 户外招牌设置
}
SICHUAN_TYPE_CODES = {"confirmation": "07", "payment": "05", "filing": "10", "public_service": "20"}


def _recode(apps, pairs):
    BaseItem = apps.get_model("catalog", "BaseItem")
    ItemImplementation = apps.get_model("catalog", "ItemImplementation")
    for old, (new, item_type) in pairs:
        base = BaseItem.objects.filter(code=old).first()
        if base is None or BaseItem.objects.filter(code=new).exists():
            continue
        base.code, base.item_type, base.type_code = new, item_type, SICHUAN_TYPE_CODES[item_type]
        base.save(update_fields=["code", "item_type", "type_code"])
        for impl in ItemImplementation.objects.filter(base=base, code__startswith=old):
            impl.code = new + impl.code[len(old) :]
            impl.save(update_fields=["code"])


def forwards(apps, schema_editor):
    _recode(apps, RENAMED.items())


def backwards(apps, schema_editor):
    # the earlier type is the one the old code's type letters name
    letters = {"1F": "confirmation", "1G": "payment", "1Z": "filing", "2B": "public_service"}
    _recode(apps, [(new, (old, letters[old[2:4]])) for old, (new, _type) in RENAMED.items()])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_chuanyu_cross_region_items"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
