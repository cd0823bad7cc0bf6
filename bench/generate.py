"""Synthetic 双公示 data for the benchmark: penalties and licences in realistic Chinese.

Deterministic (seeded per row), so a row number always yields the same row. Text is built
from domain vocabularies (violation types, facts, legal bases, licence contents, company
and person names, streets) so the bigram distribution is Zipf-like: a few very common
bigrams (公司, 罚款, 有限公司), a long tail of rare ones from names, plus *planted* terms at
known rates (PLANTED) and terms that never occur (ABSENT) for the search mix.

The search column is computed by the app's own code (AdministrativeAction.refresh_search_text
→ integrity.lib.search.bigram_text) on the generated fields, so it is exactly what the app
would store.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import zlib
from decimal import Decimal
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from core.demo import demo_id_number
from integrity.lib.identifiers import uscc_check_char

SHANGHAI = ZoneInfo("Asia/Shanghai")
REGION = "370104"
MARK = "B"  # document numbers of generated rows read 〔2026〕B0000123号 (so re-runs can find them)

# Planted search terms: (term, probability per penalty row). With 1M rows (60% penalties)
# that is about 0.6M × p rows each. Counts are measured after the fill and printed.
PLANTED_2 = [("蛟龙", 0.000015), ("麒麟", 0.00017), ("翡翠", 0.0017)]
PLANTED_4 = [("穿山甲片", 0.00003), ("走私冻品", 0.0005)]
# Never generated: none of these characters is in any vocabulary below (checked after fill).
ABSENT_2 = ["鲸鱼", "火箭"]
ABSENT_4 = ["量子计算", "深海鲸鱼"]
# Very common by construction.
COMMON_2 = ["公司", "罚款", "食品"]
COMMON_4 = ["有限公司", "食品安全", "行政处罚"]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
)
COMPOUND = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "公孙", "慕容"]
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国建华志强志明海燕"
    "晓东晓梅春梅春花文文斌宇浩然子轩梓涵欣怡雨萱思远博文俊杰嘉怡佳琪梦琪雅婷诗涵子涵若汐晨曦天佑"
)
BRAND_CHARS = (
    "鑫源恒泰华信宏达瑞丰金鼎永盛德隆嘉禾福润兴旺昌盛利通宝聚祥安康泰和顺发长城百川天成中正"
    "万象汇通诚信博远锦程卓越领航新港亿达久远荣辉正阳祥瑞富华龙腾凯旋鸿运捷顺启明星辰海纳"
    "精工巨力恒通宇宙东方北辰南山西岭齐鲁泉城明湖趵突千佛大明舜耕历山玉函英雄济阳章丘长清"
    "平阴商河莱芜钢城天桥历下市中槐荫历城高新起步先行远航卓尔众诚同心合力优品佳美尚品臻选"
)
PLACES = [
    "槐荫",
    "泉城",
    "匡山",
    "美里湖",
    "玉清湖",
    "腊山",
    "段店",
    "吴家堡",
    "兴福",
    "振兴",
    "西市场",
    "营市",
    "南辛庄",
    "张庄",
    "五里沟",
    "道德街",
    "中大槐树",
    "青年公园",
    "西客站",
    "济西",
]
INDUSTRIES = [
    "食品",
    "餐饮管理",
    "建材科技",
    "物流",
    "环保工程",
    "医药连锁",
    "商贸",
    "机械设备",
    "汽车维修",
    "装饰工程",
    "电子科技",
    "文化传媒",
    "房地产开发",
    "农业发展",
    "化工",
    "印刷",
    "服装",
    "酒店管理",
    "教育咨询",
    "网络科技",
    "建筑劳务",
    "物业管理",
    "供应链管理",
    "新能源科技",
    "生物科技",
    "水产",
    "粮油",
    "烟酒",
    "家具",
    "五金交电",
    "广告",
    "旅行社",
    "保安服务",
    "再生资源回收",
    "混凝土",
]
SUFFIXES = ["有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司"]
SHOPS = [
    "便利店",
    "超市",
    "饭店",
    "理发店",
    "水果店",
    "烟酒店",
    "五金店",
    "早餐店",
    "烧烤店",
    "诊所",
    "汽修店",
    "洗车行",
    "面馆",
    "药店",
    "百货店",
    "粮油店",
    "干洗店",
    "网吧",
    "茶叶店",
    "花店",
]
STREETS = [
    "经十路",
    "经七路",
    "经四路",
    "纬十二路",
    "张庄路",
    "段店北路",
    "营市街",
    "南辛庄西路",
    "小清河北路",
    "腊山河西路",
    "日照路",
    "齐州路",
    "青岛路",
    "兴福寺路",
    "美里湖路",
    "烟台路",
    "威海路",
    "西客站北广场",
    "匡山路",
    "青年东路",
    "阳光新路",
    "纬六路",
    "经二路",
    "刘长山路",
    "二环西路",
    "西十里河东路",
]

# Penalty domains: agency name → [(violation type, fact fragments, legal basis)]
PENALTY_DOMAINS: dict[str, list[tuple[str, list[str], str]]] = {
    "济南市槐荫区市场监督管理局": [
        (
            "销售不符合食品安全标准的食品",
            [
                "销售的{food}经抽样检验，{item}项目不符合食品安全国家标准",
                "经营超过保质期的{food}共计{n}件",
                "未按规定查验供货者许可证和食品合格证明文件",
            ],
            "《中华人民共和国食品安全法》第一百二十四条第一款",
        ),
        (
            "未取得食品经营许可从事食品经营活动",
            ["未取得食品经营许可证擅自从事{food}销售", "在{street}经营场所无证经营餐饮服务"],
            "《中华人民共和国食品安全法》第一百二十二条第一款",
        ),
        (
            "虚假宣传",
            ["在其网络店铺对{goods}作虚假或者引人误解的商业宣传", "宣传其{goods}具有疾病治疗功能"],
            "《中华人民共和国反不正当竞争法》第二十条",
        ),
        (
            "价格违法",
            ["在销售{goods}时不明码标价", "标示的价格高于实际结算价格，共涉及{n}笔交易"],
            "《中华人民共和国价格法》第四十二条",
        ),
        (
            "销售不合格产品",
            ["销售的{goods}经抽查检验为不合格产品", "以假充真、以次充好销售{goods}"],
            "《中华人民共和国产品质量法》第四十九条",
        ),
        (
            "特种设备违法",
            ["使用未经定期检验的{device}", "{device}安全管理人员未取得相应资格"],
            "《中华人民共和国特种设备安全法》第八十四条",
        ),
        ("计量违法", ["使用未经检定的{meter}", "使用的{meter}超过检定周期"], "《中华人民共和国计量法》第二十六条"),
        (
            "商标侵权",
            ["销售侵犯注册商标专用权的{goods}共计{n}件", "在同一种商品上使用与他人注册商标近似的标志"],
            "《中华人民共和国商标法》第六十条第二款",
        ),
        (
            "药品经营违法",
            ["从非法渠道购进药品", "未按规定储存需冷藏的药品"],
            "《中华人民共和国药品管理法》第一百二十九条",
        ),
    ],
    "济南市生态环境局槐荫分局": [
        (
            "超标排放大气污染物",
            ["排放的{pollutant}浓度超过国家规定的排放标准", "{equipment}未正常运行导致废气超标排放"],
            "《中华人民共和国大气污染防治法》第九十九条",
        ),
        (
            "未批先建",
            ["建设项目环境影响报告表未经批准擅自开工建设", "{equipment}项目未依法报批环境影响评价文件"],
            "《中华人民共和国环境影响评价法》第三十一条",
        ),
        (
            "危险废物管理违法",
            ["未按规定贮存{waste}", "将{waste}提供给无经营许可证的单位处置"],
            "《中华人民共和国固体废物污染环境防治法》第一百一十二条",
        ),
        (
            "水污染违法",
            ["通过暗管排放含{pollutant}的废水", "未按规定设置排污口"],
            "《中华人民共和国水污染防治法》第八十三条",
        ),
        (
            "噪声污染",
            ["夜间施工产生噪声污染", "{equipment}运行噪声超过排放标准"],
            "《中华人民共和国噪声污染防治法》第七十七条",
        ),
    ],
    "济南市槐荫区城市管理局": [
        (
            "擅自占用城市道路",
            ["在{street}擅自占用城市道路堆放建筑材料", "在{street}占道经营"],
            "《城市道路管理条例》第四十二条",
        ),
        (
            "违法设置户外广告",
            ["未经批准在{street}设置户外广告牌", "擅自在建筑物外墙设置{n}处广告"],
            "《济南市城市市容和环境卫生管理条例》第六十二条",
        ),
        (
            "建筑垃圾违法处置",
            ["运输车辆未密闭运输建筑垃圾", "随意倾倒建筑垃圾{n}余吨"],
            "《城市建筑垃圾管理规定》第二十六条",
        ),
        (
            "餐厨垃圾违法",
            ["将餐厨垃圾交由无资质单位收运", "未按规定分类投放生活垃圾"],
            "《济南市生活垃圾减量与分类管理条例》第五十二条",
        ),
    ],
    "济南市槐荫区卫生健康局": [
        (
            "非法行医",
            ["未取得医疗机构执业许可证擅自执业", "使用非卫生技术人员从事医疗卫生技术工作"],
            "《中华人民共和国基本医疗卫生与健康促进法》第九十九条",
        ),
        (
            "公共场所卫生违法",
            ["未取得公共场所卫生许可证经营", "从业人员未取得有效健康合格证明"],
            "《公共场所卫生管理条例》第十四条",
        ),
        (
            "职业卫生违法",
            ["未按规定组织职业健康检查", "工作场所职业病危害因素检测不合格"],
            "《中华人民共和国职业病防治法》第七十一条",
        ),
    ],
    "济南市槐荫区应急管理局": [
        (
            "安全生产违法",
            [
                "未按规定对从业人员进行安全生产教育和培训",
                "未建立事故隐患排查治理制度",
                "{device}安全设施不符合国家标准",
            ],
            "《中华人民共和国安全生产法》第九十七条",
        ),
        (
            "危险化学品违法",
            ["未取得危险化学品经营许可证经营{chem}", "储存{chem}的场所不符合安全要求"],
            "《危险化学品安全管理条例》第七十七条",
        ),
    ],
    "济南市槐荫区住房和城乡建设局": [
        (
            "工程建设违法",
            ["未取得施工许可证擅自施工", "施工单位未按照工程建设强制性标准施工"],
            "《建设工程质量管理条例》第五十七条",
        ),
        (
            "房地产经营违法",
            ["未取得商品房预售许可证预售商品房", "发布虚假房源信息"],
            "《城市房地产开发经营管理条例》第三十六条",
        ),
    ],
    "济南市槐荫区人力资源和社会保障局": [
        (
            "劳动保障违法",
            ["未按规定与劳动者签订书面劳动合同", "拖欠{n}名劳动者工资", "违反规定延长劳动者工作时间"],
            "《劳动保障监察条例》第二十五条",
        ),
    ],
    "济南市槐荫区农业农村局": [
        ("农资经营违法", ["经营假农药", "销售未经登记的{feed}"], "《农药管理条例》第五十五条"),
        (
            "动物防疫违法",
            ["未按规定对饲养的动物实施强制免疫", "经营未经检疫的{meat}"],
            "《中华人民共和国动物防疫法》第九十七条",
        ),
    ],
    "济南市槐荫区商务局（区投资促进局）": [
        ("成品油经营违法", ["无证经营成品油", "销售不合格成品油"], "《成品油市场管理办法》第四十条"),
        (
            "单用途预付卡违法",
            ["未按规定办理单用途商业预付卡备案", "预收资金超过规定比例"],
            "《单用途商业预付卡管理办法》第三十八条",
        ),
    ],
    "济南市槐荫区医疗保障局": [
        (
            "骗取医保基金",
            ["通过虚记费用方式骗取医疗保障基金{n}元", "串换药品、医用耗材诊疗项目"],
            "《医疗保障基金使用监督管理条例》第四十条",
        ),
    ],
}
PENALTY_WEIGHTS = {
    "济南市槐荫区市场监督管理局": 35,
    "济南市槐荫区城市管理局": 20,
    "济南市生态环境局槐荫分局": 12,
    "济南市槐荫区卫生健康局": 8,
    "济南市槐荫区应急管理局": 6,
    "济南市槐荫区住房和城乡建设局": 6,
    "济南市槐荫区人力资源和社会保障局": 4,
    "济南市槐荫区农业农村局": 3,
    "济南市槐荫区商务局（区投资促进局）": 3,
    "济南市槐荫区医疗保障局": 3,
}
ABBR = {
    "济南市槐荫区市场监督管理局": "市监",
    "济南市槐荫区城市管理局": "城管",
    "济南市生态环境局槐荫分局": "环",
    "济南市槐荫区卫生健康局": "卫健",
    "济南市槐荫区应急管理局": "应急",
    "济南市槐荫区住房和城乡建设局": "住建",
    "济南市槐荫区人力资源和社会保障局": "人社",
    "济南市槐荫区农业农村局": "农",
    "济南市槐荫区商务局（区投资促进局）": "商",
    "济南市槐荫区医疗保障局": "医保",
    "济南市槐荫区行政审批服务局": "审",
}
SLOTS = {
    "food": [
        "猪肉",
        "牛肉",
        "鸡蛋",
        "大米",
        "食用油",
        "酱油",
        "食醋",
        "白酒",
        "啤酒",
        "奶粉",
        "饮料",
        "糕点",
        "面包",
        "豆制品",
        "蔬菜",
        "水果",
        "茶叶",
        "蜂蜜",
        "调味品",
        "冷冻食品",
        "方便面",
        "饼干",
        "月饼",
        "粽子",
    ],
    "item": [
        "菌落总数",
        "大肠菌群",
        "铅",
        "镉",
        "农药残留",
        "兽药残留",
        "二氧化硫",
        "苯甲酸",
        "甜蜜素",
        "酸价",
        "过氧化值",
    ],
    "goods": [
        "电线电缆",
        "儿童玩具",
        "化妆品",
        "保健食品",
        "电动自行车",
        "服装",
        "鞋类",
        "家用电器",
        "手机配件",
        "建筑材料",
        "汽车配件",
        "眼镜",
        "床上用品",
        "口罩",
        "消毒液",
        "燃气灶具",
        "电热水器",
    ],
    "device": ["电梯", "锅炉", "压力容器", "叉车", "起重机械", "压力管道", "游乐设施"],
    "meter": ["电子计价秤", "加油机", "血压计", "出租车计价器", "燃气表"],
    "pollutant": ["颗粒物", "二氧化硫", "氮氧化物", "挥发性有机物", "化学需氧量", "氨氮", "总磷"],
    "equipment": ["喷漆房", "锅炉房", "污水处理设施", "除尘设备", "活性炭吸附装置", "搅拌站"],
    "waste": ["废矿物油", "废铅蓄电池", "废活性炭", "废油漆桶", "医疗废物", "废切削液"],
    "chem": ["汽油", "柴油", "液化石油气", "甲醇", "乙醇", "油漆稀释剂"],
    "feed": ["饲料", "兽药", "化肥", "种子"],
    "meat": ["生猪产品", "牛羊肉", "禽类产品"],
}
EXTRA_SENTENCES = [
    "执法人员现场制作了现场检查笔录并拍照取证",
    "当事人对违法事实无异议",
    "当事人在规定期限内未提出陈述申辩",
    "当事人积极配合调查并主动整改",
    "案件经集体讨论决定",
    "当事人系初次违法且危害后果轻微",
    "违法所得已依法没收",
    "该批次产品已全部召回",
    "经责令改正后当事人已完成整改",
    "案件来源于群众举报",
    "案件来源于上级交办",
    "案件来源于日常监督检查",
    "当事人违法行为持续时间较长",
    "涉案货值金额较大",
    "执法人员依法调取了相关票据和记账凭证",
    "当事人提供了相关进货凭证",
    "经复查当事人已停止违法行为",
    "上述事实有询问笔录、现场照片、检验报告等证据证实",
    "本案适用一般程序办理",
    "依法向当事人送达了行政处罚告知书",
]
LICENCES = [
    (
        "食品经营许可证",
        "经营项目：{items}",
        [
            "预包装食品销售",
            "散装食品销售",
            "热食类食品制售",
            "冷食类食品制售",
            "糕点类食品制售",
            "自制饮品制售",
            "保健食品销售",
            "特殊医学用途配方食品销售",
        ],
    ),
    (
        "食品生产许可证",
        "生产类别：{items}",
        ["粮食加工品", "食用油", "调味品", "肉制品", "乳制品", "饮料", "方便食品", "饼干"],
    ),
    ("排污许可证", "许可排放污染物：{items}", ["颗粒物", "二氧化硫", "氮氧化物", "挥发性有机物", "化学需氧量", "氨氮"]),
    (
        "建筑工程施工许可证",
        "建设规模：{items}",
        ["框架结构住宅楼", "地下车库", "商业综合体", "厂房及配套设施", "市政道路"],
    ),
    ("药品经营许可证", "经营范围：{items}", ["中成药", "化学药制剂", "抗生素制剂", "生化药品", "中药饮片"]),
    ("公共场所卫生许可证", "经营项目：{items}", ["美容美发", "住宿", "沐浴", "游泳", "歌舞厅"]),
    ("道路运输经营许可证", "经营范围：{items}", ["道路普通货物运输", "货物专用运输", "大型物件运输", "危险货物运输"]),
    ("医疗机构执业许可证", "诊疗科目：{items}", ["内科", "外科", "口腔科", "中医科", "预防保健科", "医学检验科"]),
    ("危险化学品经营许可证", "许可范围：{items}", ["汽油", "柴油", "液化石油气", "甲醇", "油漆"]),
    ("人力资源服务许可证", "服务范围：{items}", ["职业介绍", "人才推荐", "人员招聘", "劳务派遣"]),
    ("建筑垃圾处置核准", "核准内容：{items}", ["建筑垃圾运输", "工程渣土消纳", "拆除垃圾处置"]),
    ("户外广告设置许可", "设置内容：{items}", ["楼顶广告", "墙面广告", "立柱广告", "门头招牌"]),
]
LICENCE_WEIGHTS = {
    "济南市槐荫区行政审批服务局": 75,
    "济南市槐荫区卫生健康局": 10,
    "济南市生态环境局槐荫分局": 5,
    "济南市槐荫区住房和城乡建设局": 5,
    "济南市槐荫区商务局（区投资促进局）": 5,
}
CATEGORY_LABELS = {
    "warning": "警告",
    "fine": "罚款",
    "confiscation": "没收违法所得、没收非法财物",
    "licence_suspension": "暂扣或者吊销许可证、暂扣或者吊销执照",
    "production_halt": "责令停产停业",
}

# The columns the fill writes with COPY (id is an identity column).
COPY_COLUMNS = [
    "status",
    "created_at",
    "submitted_at",
    "published_at",
    "return_reason",
    "revoked_at",
    "revoke_reason",
    "kind",
    "other_kind_name",
    "counterparty_name",
    "counterparty_type",
    "counterparty_uscc",
    "business_registration_no",
    "organisation_code",
    "tax_registration_no",
    "institution_cert_no",
    "social_org_cert_no",
    "legal_representative",
    "id_type",
    "id_number_encrypted",
    "id_number_hash",
    "document_name",
    "document_number",
    "decision_date",
    "remarks",
    "use_scope",
    "violation_type",
    "violation_facts",
    "penalty_basis",
    "penalty_categories",
    "penalty_content",
    "fine_amount",
    "confiscated_amount",
    "suspended_licence",
    "tier",
    "licence_certificate_name",
    "licence_number",
    "licence_content",
    "valid_from",
    "valid_to",
    "licence_state",
    "due_on",
    "public_until",
    "left_public_at",
    "search_text",
    "agency_id",
    "created_by_id",
    "data_source_agency_id",
    "reviewed_by_id",
    "submitted_by_id",
]


def _org_code(serial: int) -> str:
    body = f"MA{serial % 1_000_000:06d}"
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in body]
    remainder = 11 - sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(remainder, str(remainder))


def uscc(serial: int, prefix: str) -> str:
    first17 = f"{prefix}{REGION}{_org_code(serial)}"
    return first17 + uscc_check_char(first17)


def person_name(rng: random.Random) -> str:
    surname = rng.choice(COMPOUND) if rng.random() < 0.03 else rng.choice(SURNAMES)
    return surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def company_name(rng: random.Random) -> str:
    brand = rng.choice(BRAND_CHARS) + rng.choice(BRAND_CHARS)
    return f"{rng.choice(('济南', '山东', '济南市槐荫区'))}{brand}{rng.choice(INDUSTRIES)}{rng.choice(SUFFIXES)}"


def _fill(template: str, rng: random.Random) -> str:
    out = template
    for slot, words in SLOTS.items():
        token = "{" + slot + "}"
        while token in out:
            out = out.replace(token, rng.choice(words), 1)
    return out.replace("{n}", str(rng.randint(2, 300))).replace("{street}", rng.choice(STREETS))


def _published(rng: random.Random, decided: dt.date, now: dt.datetime) -> dt.datetime:
    day = decided + dt.timedelta(days=rng.randint(1, 9))
    stamp = dt.datetime.combine(day, dt.time(8, 0), SHANGHAI) + dt.timedelta(seconds=rng.randint(0, 10 * 3600))
    return min(stamp, now - dt.timedelta(minutes=rng.randint(5, 600)))


def _due(decided: dt.date) -> dt.date:
    # Seven working days, weekends only (the fill does not need the holiday calendar).
    day, left = decided, 7
    while left:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def counterparty(rng: random.Random, serial: int, *, penalty: bool) -> dict[str, Any]:
    roll = rng.random()
    if penalty and roll < 0.06:
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 50))
        return {
            "counterparty_name": person_name(rng),
            "counterparty_type": "natural_person",
            "counterparty_uscc": "",
            "legal_representative": "",
            "id_type": "resident_id",
            "id_number": demo_id_number(birth, serial % 997 + 1),
        }
    if roll < 0.25:
        owner = person_name(rng)
        return {
            "counterparty_name": f"槐荫区{rng.choice(PLACES)}{owner[:1]}{rng.choice(BRAND_CHARS)}{rng.choice(SHOPS)}",
            "counterparty_type": "individual_business",
            "counterparty_uscc": uscc(serial, "92"),
            "legal_representative": owner,
            "id_type": "",
            "id_number": "",
        }
    return {
        "counterparty_name": company_name(rng),
        "counterparty_type": "legal_person",
        "counterparty_uscc": uscc(serial, "91"),
        "legal_representative": person_name(rng),
        "id_type": "",
        "id_number": "",
    }


def penalty_fields(
    rng: random.Random, i: int, today: dt.date, doc_prefix: str = MARK, decided_on: dt.date | None = None
) -> dict[str, Any]:
    """One penalty as model field values (plus 'id_number' and 'agency_name')."""
    agency = rng.choices(list(PENALTY_WEIGHTS), weights=list(PENALTY_WEIGHTS.values()))[0]
    vtype, fragments, basis = rng.choice(PENALTY_DOMAINS[agency])
    tier = "serious" if rng.random() < 0.2 else "general"
    decided = decided_on or today - dt.timedelta(days=rng.randint(1, 1000 if tier == "serious" else 330))
    party = counterparty(rng, i, penalty=True)
    where = f"{rng.choice(STREETS)}{rng.randint(1, 999)}号"
    facts = [
        f"经查，当事人于{decided.year}年{decided.month}月{decided.day}日在{where}" + _fill(rng.choice(fragments), rng)
    ]
    facts += [_fill(rng.choice(fragments), rng)] if rng.random() < 0.5 else []
    facts += rng.sample(EXTRA_SENTENCES, rng.randint(1, 3))
    for term, p in PLANTED_2 + PLANTED_4:
        if rng.random() < p:
            facts.insert(1, f"现场查获涉案{term}若干")
    facts.append(f"上述行为违反了{basis.split('第')[0]}的相关规定")
    categories = ["warning", "fine"] if rng.random() < 0.55 else ["fine"]
    if rng.random() < 0.15:
        categories.append("confiscation")
    if rng.random() < 0.05:
        categories.append("licence_suspension")
    if rng.random() < 0.03:
        categories.append("production_halt")
    fine = Decimal(rng.randint(5, 50000)) / Decimal(100)  # 万元
    confiscated = Decimal(rng.randint(1, 5000)) / Decimal(100) if "confiscation" in categories else None
    content = "；".join(
        {
            "warning": "给予警告",
            "fine": f"处罚款人民币{fine}万元",
            "confiscation": f"没收违法所得{confiscated}万元",
            "licence_suspension": "吊销相关许可证",
            "production_halt": "责令停产停业整顿",
        }[c]
        for c in categories
    )
    abbr = ABBR[agency]
    return {
        "kind": "penalty",
        "agency_name": agency,
        **party,
        "document_name": rng.choice(["行政处罚决定书", "行政处罚决定书", "当场行政处罚决定书"]),
        "document_number": f"济槐{abbr}罚〔{decided.year}〕{doc_prefix}{i:07d}号",
        "decision_date": decided,
        "violation_type": vtype,
        "violation_facts": "，".join(facts) + "。",
        "penalty_basis": f"依据{basis}",
        "penalty_categories": categories,
        "penalty_content": content + "。",
        "fine_amount": fine if "fine" in categories else None,
        "confiscated_amount": confiscated,
        "suspended_licence": f"食品经营许可证JY2370104{i % 100000:05d}" if "licence_suspension" in categories else "",
        "tier": tier,
        "licence_certificate_name": "",
        "licence_number": "",
        "licence_content": "",
        "valid_from": None,
        "valid_to": None,
        "licence_state": "",
    }


def licence_fields(rng: random.Random, i: int, today: dt.date, decided_on: dt.date | None = None) -> dict[str, Any]:
    agency = rng.choices(list(LICENCE_WEIGHTS), weights=list(LICENCE_WEIGHTS.values()))[0]
    name, pattern, items = rng.choice(LICENCES)
    decided = decided_on or today - dt.timedelta(days=rng.randint(1, 1500))
    party = counterparty(rng, i, penalty=False)
    valid_to = decided + dt.timedelta(days=365 * rng.choice((5, 5, 6)))
    if valid_to <= today:
        valid_to = today + dt.timedelta(days=rng.randint(30, 900))
    return {
        "kind": "licensing",
        "agency_name": agency,
        **party,
        "document_name": f"{name}准予许可决定书",
        "document_number": f"济槐{ABBR[agency]}许〔{decided.year}〕{MARK}{i:07d}号",
        "decision_date": decided,
        "violation_type": "",
        "violation_facts": "",
        "penalty_basis": "",
        "penalty_categories": [],
        "penalty_content": "",
        "fine_amount": None,
        "confiscated_amount": None,
        "suspended_licence": "",
        "tier": "",
        "licence_certificate_name": name,
        "licence_number": f"{REGION}{rng.choice('ABCDJKXY')}{i:09d}",
        "licence_content": pattern.format(items="；".join(rng.sample(items, rng.randint(1, min(4, len(items)))))),
        "valid_from": decided,
        "valid_to": valid_to,
        "licence_state": "normal",
    }


# Published over the last SPAN_DAYS in row order, like a table filled as decisions were
# published: the heap follows published_at (as in production), so walking the
# (published_at, id) index reads neighbouring pages. All rows stay within their publicity
# period (a general penalty is public for a year).
SPAN_DAYS = 320


def action_fields(i: int, today: dt.date, n: int, now: dt.datetime) -> dict[str, Any]:
    rng = random.Random(i * 7919 + 17)
    published = now - dt.timedelta(days=SPAN_DAYS) * (1 - i / n) - dt.timedelta(minutes=rng.randint(5, 120))
    decided = min(published.astimezone(SHANGHAI).date() - dt.timedelta(days=rng.randint(1, 9)), today)
    kind_roll = rng.random()
    fields = (
        penalty_fields(rng, i, today, decided_on=decided)
        if kind_roll < 0.6
        else licence_fields(rng, i, today, decided_on=decided)
    )
    fields["published_at"] = published
    return fields


# --- COPY text format -------------------------------------------------------------------


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def search_text_for(fields: dict[str, Any]) -> str:
    """Exactly what the app stores: the presenter's search_text_for on these fields."""
    from disclosure.models import AdministrativeAction
    from disclosure.presenters import search_text_for as app_search_text

    action = AdministrativeAction(
        **{k: v for k, v in fields.items() if k not in ("id_number", "agency", "agency_name")}
    )
    return app_search_text(action)


def copy_line(
    fields: dict[str, Any],
    *,
    agency_ids: dict[str, int],
    now: dt.datetime,
    status: str = "published",
    published: dt.datetime | None = None,
) -> str:
    from core import crypto
    from disclosure.services.clock import public_until

    rng = random.Random(zlib.crc32(fields["document_number"].encode()))
    if status == "published" and published is None:
        published = fields.get("published_at") or _published(rng, fields["decision_date"], now)
    elif status != "published":
        published = None
    created = (published or now) - dt.timedelta(hours=rng.randint(2, 72))
    id_number = fields.get("id_number", "")
    row = {
        **fields,
        "status": status,
        "created_at": created,
        "submitted_at": created + dt.timedelta(hours=1),
        "published_at": published,
        "return_reason": "",
        "revoked_at": None,
        "revoke_reason": "",
        "other_kind_name": "",
        "business_registration_no": "",
        "organisation_code": "",
        "tax_registration_no": "",
        "institution_cert_no": "",
        "social_org_cert_no": "",
        "id_number_encrypted": crypto.encrypt(id_number) if id_number else "",
        "id_number_hash": crypto.lookup_hash(id_number) if id_number else "",
        "remarks": "",
        "use_scope": "public",
        "penalty_categories": json.dumps(fields["penalty_categories"]),
        "due_on": _due(fields["decision_date"]),
        "public_until": public_until(SimpleNamespace(**fields)),  # type: ignore[arg-type]
        "left_public_at": None,
        "search_text": search_text_for(fields),
        "agency_id": agency_ids[fields["agency_name"]],
        "created_by_id": None,
        "data_source_agency_id": None,
        "reviewed_by_id": None,
        "submitted_by_id": None,
    }
    return "\t".join(_copy_value(row[c]) for c in COPY_COLUMNS) + "\n"


def copy_chunk(args: tuple[int, int, int, dt.date, dt.datetime, dict[str, int]]) -> str:
    start, stop, n, today, now, agency_ids = args
    return "".join(
        copy_line(action_fields(i, today, n, now), agency_ids=agency_ids, now=now) for i in range(start, stop)
    )


# --- the import template (penalties) ----------------------------------------------------


def penalty_csv_row(fields: dict[str, Any]) -> dict[str, str]:
    """The same penalty as a row of the import template (Chinese headers and labels)."""
    types = {"legal_person": "法人及非法人组织", "natural_person": "自然人", "individual_business": "个体工商户"}
    return {
        "行政相对人名称": fields["counterparty_name"],
        "行政相对人类别": types[fields["counterparty_type"]],
        "统一社会信用代码": fields["counterparty_uscc"],
        "法定代表人": fields["legal_representative"],
        "证件类型": "身份证" if fields["id_type"] else "",
        "证件号码": fields.get("id_number", ""),
        "决定文书名称": fields["document_name"],
        "决定文书号": fields["document_number"],
        "决定日期": fields["decision_date"].isoformat(),
        "信息使用范围": "公示",
        "备注": "",
        "违法行为类型": fields["violation_type"],
        "违法事实": fields["violation_facts"],
        "处罚依据": fields["penalty_basis"],
        "处罚类别": "；".join(CATEGORY_LABELS[c] for c in fields["penalty_categories"]),
        "处罚内容": fields["penalty_content"],
        "罚款金额（万元）": str(fields["fine_amount"]) if fields["fine_amount"] is not None else "",
        "没收违法所得、没收非法财物的金额（万元）": str(fields["confiscated_amount"])
        if fields["confiscated_amount"] is not None
        else "",
        "暂扣或吊销证照名称及编号": fields["suspended_licence"],
        "严重程度": {"general": "一般", "serious": "严重"}[fields["tier"]],
    }
