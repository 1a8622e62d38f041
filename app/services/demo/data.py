"""Invented data for the demo district: places, people's names, case texts. Data only.

Every name of a person, company, phone number and ID number the demo produces is
made up (domain.md, Privacy). Street names are the district's real streets;
communities, villages, grids, companies and people are invented or generic.
Placeholders in the texts: {a} applicant, {b} respondent, {place} community or
village, {amount} amount involved (yuan), {pay} agreed amount (yuan), {n} persons involved.
"""
from __future__ import annotations

from typing import NamedTuple

DEMO_PASSWORD = "demo-pass-2026"
DEMO_DEVICE_ID = "demo-seed"
RANDOM_SEED = 2026

DISTRICT_CODE = "370104"
DISTRICT_NAME = "槐荫区"

# street → ((community or village, number of grids), …); codes follow this order.
STREETS: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = (
    ("兴福街道", (("兴福社区", 3), ("裕兴社区", 2), ("兴福寺社区", 2))),
    ("吴家堡街道", (("吴家堡社区", 3), ("杨庄村", 2), ("曹家庄村", 2))),
    ("腊山街道", (("腊山社区", 3), ("清河社区", 2), ("双龙社区", 2))),
    ("张庄路街道", (("张庄路社区", 2), ("纬十二路社区", 3))),
    ("营市街街道", (("营市街社区", 3), ("经七路社区", 2), ("清平里社区", 2))),
    ("中大槐树街道", (("中大槐树社区", 3), ("槐村街社区", 2))),
    ("段北街道", (("段北社区", 3), ("段店村", 2), ("西沙社区", 2))),
    ("匡山街道", (("匡山村", 3), ("匡山社区", 2), ("小金庄社区", 2))),
)
GRID_ORDINALS = ("第一网格", "第二网格", "第三网格")

# Committees: every street has one (kind "area"); these communities too.
COMMUNITY_COMMITTEES: tuple[str, ...] = ("兴福社区", "吴家堡社区", "腊山社区", "段北社区", "匡山村")
# Trade committees 行业性专业性调委会, all of the district.
TRADE_COMMITTEES: tuple[str, ...] = (
    "槐荫区劳动仲裁调委会",
    "槐荫区法院诉前调委会",
    "槐荫区道路交通一站式诉调中心",
    "槐荫区公安司法联调中心",
)
LABOR_COMMITTEE, COURT_COMMITTEE, TRAFFIC_COMMITTEE, POLICE_COMMITTEE = TRADE_COMMITTEES
# area name → named mediation room 品牌调解室 of its committee
ROOMS: dict[str, str] = {
    "段北街道": '段北街道"话语春风"调解室',
    "匡山村": '匡山村"乡亲话语"调解室',
    "吴家堡街道": '吴家堡街道"老郭明理"调解室',
}


class DemoUser(NamedTuple):
    username: str
    display_name: str
    role: str
    home: str | tuple[str, int]   # "district", a street name, or (community, grid number)
    phone: str
    committees: tuple[str, ...] = ()  # besides the home street's (and community's) committee
    full_time: bool = False
    is_lawyer: bool = False
    law_firm: str | None = None
    training_hours: int = 0
    specialties: tuple[str, ...] = ()
    in_talent_pool: bool = False
    in_expert_pool: bool = False


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "韩立群", "admin", "district", "13800000001"),
    DemoUser("supervisor", "孙慧敏", "supervisor", "兴福街道", "13800000002"),
    DemoUser("mediator", "王秀兰", "mediator", ("兴福社区", 1), "13800000011", full_time=True,
             training_hours=86, specialties=("neighbor", "marriage_family", "property_management"),
             in_talent_pool=True),
    DemoUser("mediator2", "李建军", "mediator", ("兴福社区", 1), "13800000012",
             training_hours=42, specialties=("neighbor", "housing_homestead", "damages")),
    DemoUser("mediator3", "赵玉梅", "mediator", ("段北社区", 1), "13800000013", full_time=True,
             training_hours=120, specialties=("marriage_family", "neighbor", "other"),
             in_talent_pool=True, in_expert_pool=True),
    DemoUser("mediator4", "张树林", "mediator", ("吴家堡社区", 1), "13800000014", full_time=True,
             training_hours=64, specialties=("neighbor", "land_forest", "housing_homestead")),
    DemoUser("mediator5", "刘春燕", "mediator", ("腊山社区", 2), "13800000015",
             committees=(TRAFFIC_COMMITTEE,), training_hours=58,
             specialties=("traffic", "damages", "consumer")),
    DemoUser("mediator6", "陈国栋", "mediator", ("张庄路社区", 1), "13800000016", full_time=True,
             committees=(LABOR_COMMITTEE,), training_hours=72, specialties=("labor", "contract"),
             in_talent_pool=True),
    DemoUser("mediator7", "杨丽华", "mediator", ("营市街社区", 1), "13800000017",
             training_hours=36, specialties=("property_management", "neighbor", "environment")),
    DemoUser("mediator8", "高志强", "mediator", ("中大槐树社区", 1), "13800000018", full_time=True,
             committees=(POLICE_COMMITTEE,), training_hours=96,
             specialties=("damages", "neighbor", "requisition_demolition")),
    DemoUser("mediator9", "徐桂英", "mediator", ("匡山村", 1), "13800000019", full_time=True,
             training_hours=110, specialties=("marriage_family", "land_forest", "housing_homestead"),
             in_talent_pool=True, in_expert_pool=True),
    DemoUser("mediator10", "马晓东", "mediator", ("裕兴社区", 1), "13800000020",
             committees=(COURT_COMMITTEE,), is_lawyer=True, law_firm="山东槐荫明德律师事务所",
             training_hours=48, specialties=("contract", "business", "labor", "medical"),
             in_expert_pool=True),
    DemoUser("mediator11", "宋雅婷", "mediator", ("清河社区", 1), "13800000021",
             committees=(COURT_COMMITTEE, LABOR_COMMITTEE), is_lawyer=True,
             law_firm="山东泉槐正和律师事务所", training_hours=40,
             specialties=("contract", "consumer", "traffic", "marriage_family"), in_expert_pool=True),
)

# Common surnames of Shandong, most frequent first (weights fall with position).
SURNAMES = (
    "王", "张", "李", "刘", "陈", "杨", "赵", "孙", "高", "徐", "马", "于", "郭", "宋", "吕",
    "董", "田", "孟", "韩", "曹", "崔", "姜", "周", "吴", "朱", "任", "袁", "邢", "尹", "魏",
    "房", "牛", "侯", "鲁", "路", "庞", "薛", "鞠", "岳", "齐",
)
MALE_GIVEN = (
    "建国", "志刚", "海涛", "国庆", "明", "伟", "强", "磊", "军", "勇", "涛", "斌", "鹏", "超",
    "浩", "宇", "晨阳", "子轩", "立新", "振华", "春生", "德山", "玉林", "长河", "庆丰", "兆军",
    "文杰", "俊峰", "广利", "永胜", "宏伟", "连生", "继成", "树森", "新民", "金海",
)
FEMALE_GIVEN = (
    "秀英", "桂兰", "玉珍", "淑芳", "丽", "静", "敏", "燕", "娟", "霞", "红梅", "晓红", "雪",
    "婷", "欣怡", "雨桐", "梦琪", "春梅", "凤英", "秀梅", "金凤", "爱华", "丽娜", "海燕",
    "慧", "莉", "文静", "晓燕", "玉兰", "素芹", "翠萍", "月华",
)
ETHNICITIES = (("汉族", 95), ("回族", 4), ("满族", 1))

# Prefixes of Jinan's districts for invented ID numbers (槐荫 most often).
ID_AREA_PREFIXES = (("370104", 60), ("370102", 8), ("370103", 8), ("370105", 8),
                    ("370112", 8), ("370113", 4), ("370124", 4))
# Obviously fake mobile prefixes: the last four digits vary.
PHONE_PREFIXES = ("1380000", "1390000", "1370000", "1590000", "1860000")

CONSENT_METHODS = ("书面确认同意调解", "口头同意并记录在案", "电话确认同意调解")
MEDIATION_PLACES = ("{committee}调解室", "{place}党群服务中心", "{place}网格工作站", "当事人家中")

# Occupation codes with weights, by the kind of dispute.
OCCUPATIONS_GENERAL = (("employee", 22), ("retired", 18), ("self_employed", 12), ("worker", 10),
                       ("public_servant", 5), ("unemployed", 8), ("migrant_worker", 8),
                       ("farmer", 5), ("student", 2), ("other", 10))
OCCUPATIONS_VILLAGE = (("farmer", 50), ("migrant_worker", 15), ("self_employed", 10),
                       ("retired", 15), ("other", 10))
OCCUPATIONS_LABOR = (("migrant_worker", 60), ("worker", 25), ("employee", 15))


NO_AMOUNT = (0, 0)  # a template whose case involves no sum of money


class CaseTemplate(NamedTuple):
    title: str
    summary: str
    applicant_says: str
    respondent_says: str
    terms: str
    organizations: tuple[str, ...] = ()   # non-empty: the respondent is one of these organizations
    either: bool = False                  # … or, half the time, a person
    amount: tuple[int, int] | None = None  # yuan range, overriding the category's
    genders: tuple[str | None, str | None] | None = None  # of applicant and respondent, when the story says
    kin: bool = False                     # the respondent is family: same surname


class CategoryProfile(NamedTuple):
    weight: int
    amount: tuple[int, int] | None         # yuan range of the amount involved, None: usually none
    occupations: tuple[tuple[str, int], ...]
    sources: tuple[tuple[str, int], ...]
    agencies: tuple[str, ...]              # agency kinds a referral goes to
    risk_flags: tuple[str, ...]            # flags a high-risk case of this kind may carry
    templates: tuple[CaseTemplate, ...]


AGENCY_NAMES: dict[str, tuple[str, ...]] = {
    "court": ("槐荫区人民法院", "槐荫区人民法院诉讼服务中心"),
    "procuratorate": ("槐荫区人民检察院",),
    "police": ("槐荫公安分局兴福派出所", "槐荫公安分局段北派出所", "槐荫公安分局匡山派出所",
               "槐荫公安分局营市街派出所"),
    "petition": ("槐荫区信访局", "槐荫区社会治理服务中心"),
    "labor_arbitration": ("槐荫区劳动人事争议仲裁委员会",),
    "traffic_police": ("济南市公安局交警支队槐荫区大队",),
    "law_enforcement": ("街道综合行政执法中队",),
    "market_regulation": ("槐荫区市场监督管理局",),
    "land": ("槐荫区自然资源和规划分局",),
    "sanitation": ("槐荫区环卫服务中心",),
    "other": ("槐荫区住房和城乡建设局", "槐荫区退役军人事务局"),
}
REFERRAL_REASONS = (
    "经初步调解，双方分歧较大，依当事人意愿转入{agency}处理",
    "案件涉及专业认定，需由{agency}依法处理",
    "被申请人拒绝调解，告知申请人并移交{agency}",
    "纠纷有激化苗头，按四调联动机制移交{agency}",
)
REFERRAL_RESULTS = {
    "accepted": "{agency}已接收，正在办理。",
    "returned": "{agency}认为宜先行人民调解，已退回调委会继续调解。",
    "done": "{agency}已依法处理完毕，当事人对处理结果无异议。",
}
INCOMING_REASONS = {
    "court": "法院立案前委派调解（诉前调解）",
    "police": "派出所接警后移交人民调解（公调对接）",
    "procuratorate": "检察院在办案中移送矛盾化解（检调对接）",
    "petition": "信访部门转交调解（访调对接）",
}

LOG_OPENINGS = (
    "调解员告知双方人民调解的性质、原则和效力，以及当事人在调解活动中享有的权利和承担的义务，双方表示清楚，同意接受调解。",
    "调解开始前，调解员宣读当事人权利义务告知书，双方签字确认。",
)
LOG_MIDDLES = (
    "调解员从法、理、情三方面释法明理，引导双方换位思考。",
    "调解员采用背靠背方式分别做双方工作，缩小分歧。",
    "调解员邀请社区网格员、楼长参与，共同做双方工作。",
    "律师调解员结合相关法律规定为双方分析诉讼风险和成本。",
)
LOG_ENDINGS = {
    "continue": "双方在主要问题上仍有分歧，约定下次继续调解。",
    "agreement": "经耐心调解，双方自愿达成协议，当场签署调解协议书。",
    "failed": "双方各执己见，差距过大，调解不成，调解员告知当事人可通过诉讼等途径解决。",
}

FOLLOWUP_NOTES = {
    "performed": ("回访{a}，对方已按协议履行完毕，双方关系缓和，对调解工作满意。",
                  "电话回访双方当事人，协议已履行，纠纷未反复。"),
    "partial": ("回访得知协议已部分履行，剩余款项约定月底前付清，调解员继续跟进。",),
    "breached": ("回访得知{b}未按协议履行，已告知{a}可申请司法确认后强制执行。",),
    "pending": ("回访时协议尚在履行期内，双方表示会按约定执行。",),
}
CLOSE_REASONS = {
    "agreement": "调解协议已履行完毕，回访无异议，结案。",
    "referral": "已移交{agency}并办结，当事人无异议，结案。",
    "refused": "被申请人明确拒绝调解，已告知申请人通过诉讼等途径解决，结案。",
    "withdrawn": "申请人撤回调解申请，双方已自行和解，结案。",
}
JUDICIAL_CONFIRMATION_COURT = "槐荫区人民法院"
JUDICIAL_CONFIRMATION_RESULTS = ("法院裁定确认调解协议有效", "已受理，待法院裁定")

VISIT_PLACES = (
    "{place}{building}号楼{unit}单元", "{place}党群服务中心", "{place}沿街商铺", "{place}农贸市场",
    "{place}小广场", "{place}建筑工地", "{place}老年活动室", "{place}物业服务中心",
)
VILLAGE_VISIT_PLACES = ("{place}{building}号院", "{place}村委会", "{place}田间地头", "{place}文化广场")
VISIT_NOTES = {
    "nil": ("入户走访排查，未发现矛盾纠纷，零上报。", "走访辖区商户和居民，未发现矛盾纠纷隐患。",
            "开展矛盾纠纷排查，辖区平稳，零上报。"),
    "information": ("更新网格内住户信息，登记新入住人员。", "采集独居老人、困难家庭基础信息。"),
    "legal_publicity": ("发放《民法典》婚姻家庭编宣传资料，讲解赡养义务。", "开展防范电信诈骗和人民调解法普法宣传。",
                        "向商户宣传劳动合同法，提醒按时足额发放工资。"),
    "risk_screening": ("重点排查邻里、家庭矛盾和欠薪隐患。", "对重点人员进行回访，了解思想动态。"),
    "mediation": ("上门了解纠纷情况，做当事人思想工作。", "入户听取双方诉求，为调解做准备。",
                  "陪同当事人查看现场，核实损失情况。"),
    "linked": ("走访中发现纠纷线索，已登记上报。", "跟进纠纷处理进展，稳定当事人情绪。"),
}

_SOURCES_COMMON = (("party_application", 50), ("initiative", 20), ("police_transfer", 8),
                   ("hotline", 8), ("court_entrusted", 5), ("petition_transfer", 4),
                   ("government_assigned", 3), ("procuratorate_transfer", 2))

CATEGORY_PROFILES: dict[str, CategoryProfile] = {
    "marriage_family": CategoryProfile(
        weight=14, amount=(5000, 80000),
        occupations=OCCUPATIONS_GENERAL,
        sources=(("party_application", 50), ("initiative", 25), ("police_transfer", 12),
                 ("court_entrusted", 8), ("petition_transfer", 3), ("procuratorate_transfer", 2)),
        agencies=("court", "police"), risk_flags=("criminal_escalation", "extreme_behavior"),
        templates=(
            CaseTemplate(
                "离婚后子女抚养费给付纠纷",
                "{a}与{b}已协议离婚，婚生子随{a}生活。{b}自去年下半年起未按离婚协议按月支付抚养费，"
                "累计拖欠约{amount}元。{a}多次催要未果，双方在电话中多次争吵，{a}向调委会申请调解。",
                "{a}称孩子上学开销大，对方长期不付抚养费，要求一次性补齐并按月支付。",
                "{b}称近期收入减少，同意支付但希望分期。",
                "{b}于协议签订之日起十日内支付拖欠的抚养费{pay}元，此后每月10日前按时支付抚养费；{a}保障{b}每月探视孩子两次",
                amount=(3000, 40000), genders=("female", "male")),
            CaseTemplate(
                "赡养老人费用分担纠纷",
                "{a}年过七旬，老伴去世后独居于{place}。其子{b}等子女因赡养费分担和轮流照料问题互相推诿，"
                "老人生活缺乏保障、情绪激动，网格员走访时发现并上报。",
                "{a}称子女对自己不管不问，要求每月给付生活费并轮流照顾。",
                "{b}称自己经济困难，认为其他兄弟姐妹也应多承担。",
                "{b}与其他子女每人每月向{a}支付赡养费，按月轮流照料老人起居，老人医疗费用由子女平均分担",
                amount=(6000, 36000), genders=(None, "male"), kin=True),
            CaseTemplate(
                "夫妻感情不和引发家庭矛盾",
                "{a}与{b}系夫妻，近来因家务琐事及子女教育问题经常争吵，{b}酒后有摔砸物品行为，"
                "{a}带孩子回娘家居住，双方矛盾有激化倾向。",
                "{a}称对方酒后脾气暴躁，要求其保证不再动手、戒酒。",
                "{b}承认酒后行为不当，希望妻子和孩子回家。",
                "{b}书面保证不再酒后滋事、不实施任何家庭暴力；双方共同承担家务和子女教育；{a}携子女返家共同生活",
                amount=NO_AMOUNT, genders=("female", "male")),
            CaseTemplate(
                "兄妹继承父母房产份额纠纷",
                "{a}与{b}系兄妹，父母去世后在{place}留有房屋一套，双方对继承份额及房屋处置方式意见不一，"
                "多次争吵，关系紧张。",
                "{a}称自己长年照顾父母，应当多分。",
                "{b}认为应按法定继承平均分配。",
                "房屋由{a}继承，{a}于三个月内向{b}支付房屋折价款{pay}元，双方配合办理继承过户手续",
                amount=(300000, 1200000), genders=("male", "female"), kin=True),
            CaseTemplate(
                "离婚后共同债务承担纠纷",
                "{a}与{b}协议离婚后，就婚姻存续期间以{a}名义所借{amount}元债务的承担问题产生争议，"
                "债权人上门催要，双方互相推诿。",
                "{a}称借款用于家庭开支，应由双方共同偿还。",
                "{b}称对借款不知情，不同意承担。",
                "双方确认该笔债务为夫妻共同债务，{b}于两个月内向{a}支付其应承担部分{pay}元",
                amount=(20000, 200000), genders=("male", "female")),
        )),
    "neighbor": CategoryProfile(
        weight=18, amount=(500, 20000),
        occupations=OCCUPATIONS_GENERAL,
        sources=(("party_application", 40), ("initiative", 30), ("police_transfer", 15),
                 ("hotline", 12), ("petition_transfer", 3)),
        agencies=("police", "law_enforcement", "court"), risk_flags=("criminal_escalation",),
        templates=(
            CaseTemplate(
                "楼上漏水致楼下天花板受损",
                "{place}居民{a}家卫生间天花板及墙面多处渗水发霉，经查系楼上{b}家卫生间防水层老化所致。"
                "{a}要求{b}维修并赔偿损失约{amount}元，{b}认为漏水原因不明、拒绝赔偿，双方多次发生口角。",
                "{a}称漏水已持续两个月，家中吊顶和衣柜受损，要求修复并赔偿。",
                "{b}称愿意配合检查，但对赔偿金额有异议。",
                "{b}于十五日内委托专业人员重做卫生间防水，并一次性赔偿{a}装修损失{pay}元",
                amount=(2000, 30000)),
            CaseTemplate(
                "楼道堆放杂物引发邻里争执",
                "{place}某单元住户{b}长期在楼道内堆放纸箱、旧家具等杂物，同楼住户{a}认为存在消防隐患并影响通行，"
                "双方多次争吵，一度发生推搡。",
                "{a}要求对方立即清理楼道杂物。",
                "{b}称杂物为临时存放，对方态度恶劣。",
                "{b}于三日内清理楼道内堆放的杂物，今后不再占用公共空间；双方互相道歉，和睦相处",
                amount=NO_AMOUNT),
            CaseTemplate(
                "装修噪音扰民纠纷",
                "{place}住户{b}装修房屋，午休及晚间仍有电钻作业，楼下{a}家中有病人需要休养，"
                "多次沟通无果后向12345热线反映。",
                "{a}要求对方严格遵守装修作业时间。",
                "{b}称工期紧张，已尽量减少噪音。",
                "{b}保证装修仅在工作日8:00—12:00、14:00—18:00进行，并向{a}赔礼道歉",
                amount=NO_AMOUNT),
            CaseTemplate(
                "私装地锁占用公共车位纠纷",
                "{place}住户{b}在楼下公共区域私自安装地锁占用车位，邻居{a}停车受阻，双方发生争吵，"
                "{a}将地锁损坏，{b}要求赔偿。",
                "{a}称公共区域不应被个人占用。",
                "{b}称对方损坏其财物，应当赔偿。",
                "{b}自行拆除地锁，公共车位按物业规定有序停放；{a}赔偿地锁损失{pay}元",
                amount=(200, 2000)),
            CaseTemplate(
                "空调外机噪音及滴水纠纷",
                "{b}家空调外机安装在{a}家卧室窗外，夏季运行噪音大、冷凝水滴落在{a}家窗台，"
                "{a}多次交涉未果。",
                "{a}要求对方移装空调外机。",
                "{b}称安装位置经物业同意，移机费用较高。",
                "{b}于十日内将空调外机移装至不影响{a}的位置并加装排水管，移机费用双方各承担一半",
                amount=(500, 3000)),
            CaseTemplate(
                "饲养宠物犬扰民纠纷",
                "{place}住户{b}饲养大型犬，夜间经常吠叫，且遛狗不拴绳，邻居{a}多次提醒未果，双方积怨较深。",
                "{a}要求对方文明养犬。",
                "{b}称犬只已办理登记，否认影响他人。",
                "{b}保证出门遛狗时拴绳、及时清理粪便，夜间管好犬只；双方和好如初",
                amount=NO_AMOUNT),
        )),
    "housing_homestead": CategoryProfile(
        weight=7, amount=(10000, 200000),
        occupations=OCCUPATIONS_VILLAGE,
        sources=(("party_application", 55), ("initiative", 20), ("petition_transfer", 10),
                 ("court_entrusted", 10), ("government_assigned", 5)),
        agencies=("land", "court", "petition"), risk_flags=("criminal_escalation", "extreme_behavior"),
        templates=(
            CaseTemplate(
                "宅基地界址争议",
                "{place}村民{a}与{b}两家宅基地相邻，{b}翻建房屋时院墙向{a}一侧延伸约半米，"
                "{a}认为侵占其宅基地，双方多次争吵并发生推搡。",
                "{a}要求对方拆除越界院墙。",
                "{b}称院墙按原址重建，不存在侵占。",
                "双方共同确认宅基地界址，{b}将越界部分院墙拆除后重建，并补偿{a}损失{pay}元",
                amount=(5000, 50000)),
            CaseTemplate(
                "翻建房屋影响邻居采光纠纷",
                "{b}在{place}翻建二层楼房，建成后遮挡{a}家南侧窗户采光，{a}要求停止施工或给予补偿。",
                "{a}称冬季家中几乎见不到阳光。",
                "{b}称建房已办理相关手续。",
                "{b}降低楼顶女儿墙高度，并一次性补偿{a}采光损失{pay}元",
                amount=(10000, 80000)),
            CaseTemplate(
                "房屋租赁押金退还纠纷",
                "{a}租住{b}位于{place}的房屋，租期届满退租时，{b}以墙面污损、家电损坏为由扣留押金{amount}元，"
                "双方各执一词。",
                "{a}称房屋正常使用，不应扣押金。",
                "{b}称需要重新粉刷墙面、维修热水器。",
                "{b}于三日内退还{a}押金{pay}元，其余部分作为维修费用，双方租赁关系终结",
                amount=(1000, 10000)),
            CaseTemplate(
                "二手房买卖过户纠纷",
                "{a}购买{b}位于{place}的二手房并已支付首付款，{b}以房价上涨为由迟迟不配合办理过户，"
                "涉及金额{amount}元。",
                "{a}要求对方按合同办理过户。",
                "{b}要求{a}补偿差价。",
                "{b}于三十日内配合办理过户手续，{a}按原合同支付尾款，{b}不再主张差价",
                amount=(100000, 600000)),
        )),
    "contract": CategoryProfile(
        weight=8, amount=(5000, 300000),
        occupations=OCCUPATIONS_GENERAL,
        sources=(("party_application", 60), ("court_entrusted", 25), ("hotline", 5),
                 ("initiative", 5), ("procuratorate_transfer", 5)),
        agencies=("court", "market_regulation"), risk_flags=("extreme_behavior",),
        templates=(
            CaseTemplate(
                "装修工程款结算纠纷",
                "{a}将位于{place}的住房交由{b}装修，工程完工后双方对增项费用和工程质量产生争议，"
                "{b}主张尚欠工程款{amount}元，{a}拒绝支付。",
                "{a}称部分墙面开裂、增项未经其同意。",
                "{b}称增项均经口头确认，要求结清尾款。",
                "{b}于十日内对开裂墙面进行返修，{a}在返修验收后三日内支付工程尾款{pay}元",
                organizations=("济南某装饰工程有限公司", "济南某家装设计有限公司"), either=True, amount=(8000, 80000)),
            CaseTemplate(
                "买卖合同货款拖欠纠纷",
                "{a}长期向{b}供应建材，截至目前{b}累计拖欠货款{amount}元，经多次催要仍未支付。",
                "{a}要求对方立即结清全部货款。",
                "{b}称资金周转困难，请求分期支付。",
                "{b}分三期向{a}支付所欠货款{pay}元，最后一期于三个月内付清",
                organizations=("济南某建材经营部", "济南某商贸有限公司"), either=True),
            CaseTemplate(
                "民间借贷还款纠纷",
                "{b}向{a}借款{amount}元用于经营，约定一年内归还，到期后{b}以生意亏损为由拒不还款，"
                "双方多次发生争执。",
                "{a}出示借条，要求还本付息。",
                "{b}承认借款，但称利息约定过高。",
                "{b}分期归还借款本金{pay}元，{a}放弃部分利息主张",
                amount=(10000, 200000)),
            CaseTemplate(
                "车辆租赁合同违约纠纷",
                "{a}向{b}租赁车辆一辆，租期内车辆出现故障，{a}提前还车并要求退还押金及剩余租金共计{amount}元，"
                "{b}不同意。",
                "{a}称车辆故障非其原因造成。",
                "{b}称{a}提前解约属于违约。",
                "{b}于五日内退还{a}押金及部分租金共计{pay}元，双方解除租赁合同",
                organizations=("济南某汽车租赁有限公司",), amount=(2000, 20000)),
        )),
    "business": CategoryProfile(
        weight=4, amount=(10000, 500000),
        occupations=(("self_employed", 70), ("employee", 20), ("other", 10)),
        sources=(("party_application", 60), ("court_entrusted", 15), ("initiative", 15), ("hotline", 10)),
        agencies=("court", "market_regulation"), risk_flags=("group_incident",),
        templates=(
            CaseTemplate(
                "合伙经营餐馆散伙分配纠纷",
                "{a}与{b}合伙在{place}经营餐馆，因经营理念不合决定散伙，双方对设备折价和欠款分担意见不一，"
                "涉及金额{amount}元。",
                "{a}要求按出资比例分配设备折价款。",
                "{b}称{a}经营期间有私自支取营业款的情况。",
                "餐馆设备归{b}所有，{b}于一个月内向{a}支付折价款{pay}元，合伙期间债务由{b}承担",
                amount=(30000, 300000)),
            CaseTemplate(
                "商铺转让费纠纷",
                "{a}从{b}处受让{place}沿街商铺经营权并支付转让费{amount}元，接手后发现商铺无法办理营业执照，"
                "要求退还转让费。",
                "{a}称对方隐瞒了商铺不能办照的情况。",
                "{b}称转让时已如实告知。",
                "{b}退还{a}转让费{pay}元，{a}于十五日内腾退商铺",
                amount=(20000, 150000)),
            CaseTemplate(
                "供货质量争议引发的货款纠纷",
                "{b}为{a}经营的超市供应食品，其中一批货物临近保质期，{a}拒付该批货款{amount}元并要求退货。",
                "{a}称货物不符合约定。",
                "{b}称交货时{a}已验收。",
                "{b}收回临期货物，{a}支付其余货款{pay}元，双方继续合作",
                organizations=("济南某食品有限公司", "济南某副食品批发部"), either=True, amount=(5000, 60000)),
            CaseTemplate(
                "农贸市场摊位经营权纠纷",
                "{place}农贸市场调整摊位，商户{a}原有摊位被安排给他人，{a}与市场管理方{b}发生争执，"
                "十余名商户聚集。",
                "{a}称自己已交足全年摊位费。",
                "{b}称调整摊位系统一规划。",
                "{b}为{a}安排同等位置摊位，并退还多收的摊位费{pay}元",
                organizations=("槐荫某农贸市场管理处",), amount=(2000, 20000)),
        )),
    "damages": CategoryProfile(
        weight=8, amount=(1000, 50000),
        occupations=OCCUPATIONS_GENERAL,
        sources=(("party_application", 45), ("police_transfer", 30), ("initiative", 10),
                 ("court_entrusted", 10), ("procuratorate_transfer", 5)),
        agencies=("police", "court"), risk_flags=("criminal_escalation", "extreme_behavior"),
        templates=(
            CaseTemplate(
                "饲养犬只咬伤路人赔偿纠纷",
                "{a}在{place}小区散步时被{b}饲养的犬只咬伤小腿，花费医疗费、疫苗费等共计约{amount}元，"
                "双方就赔偿数额协商不成。",
                "{a}要求赔偿医疗费、误工费和营养费。",
                "{b}称{a}先挑逗犬只，只愿承担部分费用。",
                "{b}一次性赔偿{a}医疗费、误工费等各项损失{pay}元，并保证今后文明养犬",
                amount=(1000, 10000)),
            CaseTemplate(
                "高空坠物砸坏车辆赔偿纠纷",
                "{a}停放在{place}楼下的轿车被楼上掉落的花盆砸坏，经查花盆系{b}家窗台放置，维修费用约{amount}元。",
                "{a}要求对方全额赔偿维修费。",
                "{b}称花盆系大风吹落，不可抗力。",
                "{b}赔偿{a}车辆维修费{pay}元，并清理窗台所有悬挂、摆放物品",
                amount=(2000, 30000)),
            CaseTemplate(
                "店内地面湿滑顾客摔伤赔偿纠纷",
                "{a}在{b}经营的店内购物时因地面湿滑摔倒致手腕骨折，花费医疗费约{amount}元，双方就责任划分产生争议。",
                "{a}称店方未设置警示标志。",
                "{b}称已放置提示牌，{a}自身也有过错。",
                "{b}承担主要责任，一次性赔偿{a}各项损失{pay}元",
                organizations=("济南某超市有限公司", "济南某便利店"), amount=(5000, 50000)),
            CaseTemplate(
                "邻里口角引发肢体冲突致伤赔偿纠纷",
                "{a}与{b}因琐事发生口角继而互相推搡，{a}面部受轻微伤，花费医疗费{amount}元，派出所出警后移交调解。",
                "{a}要求对方赔礼道歉并赔偿医疗费。",
                "{b}称对方先动手，自己也受了伤。",
                "双方互相赔礼道歉，{b}赔偿{a}医疗费等损失{pay}元，今后不再因此事发生纠纷",
                amount=(500, 8000)),
        )),
    "land_forest": CategoryProfile(
        weight=2, amount=(5000, 100000),
        occupations=OCCUPATIONS_VILLAGE,
        sources=(("party_application", 50), ("initiative", 20), ("petition_transfer", 20),
                 ("government_assigned", 10)),
        agencies=("land", "court", "petition"), risk_flags=("group_incident",),
        templates=(
            CaseTemplate(
                "承包地流转租金纠纷",
                "{a}将承包地流转给{b}种植苗木，{b}连续两年未支付流转费，累计{amount}元。",
                "{a}要求对方支付拖欠的流转费。",
                "{b}称苗木行情不好，无力支付。",
                "{b}于年底前分两次付清拖欠流转费{pay}元，流转合同继续履行",
                amount=(5000, 60000)),
            CaseTemplate(
                "自留地边界纠纷",
                "{place}村民{a}与{b}的自留地相邻，{b}耕种时越界约一垄，{a}认为其侵占自家土地，双方多次争吵。",
                "{a}要求按原界址恢复。",
                "{b}称界址多年前已变动。",
                "在村委会见证下重新确定地界并埋设界桩，{b}退还越界土地",
                amount=NO_AMOUNT),
            CaseTemplate(
                "房前屋后树木归属纠纷",
                "{place}村民{a}与{b}对两家之间空地上生长的多棵杨树归属发生争议，{b}擅自砍伐出售，{a}要求分得售树款。",
                "{a}称树木系其父亲生前栽种。",
                "{b}称空地归其使用，树木归其所有。",
                "{b}将售树款中的{pay}元支付给{a}，空地今后由双方共同使用",
                amount=(2000, 20000)),
            CaseTemplate(
                "村集体土地收益分配纠纷",
                "{place}部分外嫁女对村集体土地租金收益分配方案有异议，{n}名村民到村委会反映，要求平等分配。",
                "{a}等人称自己户口仍在村内，应享有同等分配权。",
                "{b}称分配方案经村民代表大会通过。",
                "{b}重新审议分配方案，对户籍在村的外嫁女按同等标准补发收益{pay}元",
                organizations=("{place}股份经济合作社",), genders=("female", None), amount=(20000, 100000)),
        )),
    "requisition_demolition": CategoryProfile(
        weight=3, amount=(50000, 800000),
        occupations=OCCUPATIONS_GENERAL,
        sources=(("petition_transfer", 35), ("government_assigned", 30), ("party_application", 25),
                 ("hotline", 10)),
        agencies=("petition", "court", "other"), risk_flags=("group_incident", "extreme_behavior"),
        templates=(
            CaseTemplate(
                "棚户区改造安置补偿纠纷",
                "{place}片区棚户区改造中，{a}对房屋面积认定及补偿标准有异议，拒绝签订补偿协议，"
                "与{b}多次协商未果，涉及补偿款约{amount}元。",
                "{a}称自建部分面积未被认定。",
                "{b}称补偿严格按照政策执行。",
                "经重新测量，{b}对{a}自建部分按政策给予补偿{pay}元，{a}于签约后三十日内搬迁",
                organizations=("槐荫区某片区改造项目指挥部",)),
            CaseTemplate(
                "拆迁安置房分配家庭内部纠纷",
                "{a}与{b}系兄弟，老宅拆迁后获得安置房两套，双方对安置房分配和补偿款分割意见不一，矛盾激化。",
                "{a}称父母生前由其赡养，应多分。",
                "{b}认为应平均分配。",
                "安置房每人一套，补偿款中的{pay}元归{a}所有，其余平分",
                genders=("male", "male"), kin=True),
            CaseTemplate(
                "征地青苗补偿款分配纠纷",
                "{place}部分土地被征收，{n}户村民对青苗补偿款分配方式有异议，聚集到村委会要求说法，"
                "涉及金额{amount}元。",
                "{a}等村民要求按实际种植面积分配。",
                "{b}称按原承包面积分配符合规定。",
                "{b}按实际种植面积重新核算并补发青苗补偿款{pay}元",
                organizations=("{place}股份经济合作社",), amount=(50000, 300000)),
            CaseTemplate(
                "临时建筑拆除补偿纠纷",
                "{a}在{place}经营的彩钢板临时建筑因道路拓宽需拆除，{a}要求补偿装修及停业损失{amount}元，与{b}协商不成。",
                "{a}称经营多年，损失很大。",
                "{b}称临时建筑未经审批，原则上不予补偿。",
                "{b}给予{a}搬迁奖励和停业补助共计{pay}元，{a}于十日内自行拆除",
                organizations=("槐荫区某片区改造项目指挥部", "济南某置业有限公司"), amount=(30000, 200000)),
        )),
    "environment": CategoryProfile(
        weight=4, amount=None,
        occupations=OCCUPATIONS_GENERAL,
        sources=(("hotline", 40), ("initiative", 25), ("party_application", 20),
                 ("government_assigned", 15)),
        agencies=("law_enforcement", "sanitation", "market_regulation"), risk_flags=("group_incident",),
        templates=(
            CaseTemplate(
                "餐馆油烟扰民纠纷",
                "{place}沿街{b}的排烟管道直对居民楼，油烟、噪音影响{a}等{n}户居民正常生活，居民多次拨打12345热线。",
                "{a}等居民要求餐馆整改或停业。",
                "{b}称已安装油烟净化器。",
                "{b}于二十日内更换高效油烟净化设备，将排烟口改至楼顶，晚十点后停止后厨作业",
                organizations=("济南某餐饮店", "济南某烧烤店")),
            CaseTemplate(
                "夜间施工噪音扰民纠纷",
                "{b}在{place}附近施工，夜间混凝土浇筑噪音大，{a}等居民无法休息，与施工方发生争执。",
                "{a}要求禁止夜间施工。",
                "{b}称部分工序需连续作业，已办理夜间施工许可。",
                "{b}夜间22时后停止高噪音作业，确需连续作业的提前三日公告，并给予周边住户适当补偿{pay}元",
                organizations=("济南某建设工程有限公司",)),
            CaseTemplate(
                "垃圾中转站异味扰民纠纷",
                "{place}垃圾中转站清运不及时，夏季异味严重，{a}等居民要求搬迁中转站，与管理方{b}发生争执。",
                "{a}要求搬迁或彻底整治。",
                "{b}称中转站选址符合规划。",
                "{b}增加清运频次至每日两次，加装除臭设备，每周冲洗消毒",
                organizations=("槐荫区某环卫作业公司",)),
            CaseTemplate(
                "汽修店废油污染纠纷",
                "{b}经营的汽修店将废机油倒入雨水井，污染{place}附近绿地，{a}等居民要求清理并赔偿。",
                "{a}称气味刺鼻，影响孩子健康。",
                "{b}承认处置不当。",
                "{b}负责清理受污染绿地并交由有资质单位处置废油，向居民赔礼道歉",
                organizations=("济南某汽车维修中心",)),
        )),
    "labor": CategoryProfile(
        weight=8, amount=(3000, 120000),
        occupations=OCCUPATIONS_LABOR,
        sources=(("party_application", 45), ("hotline", 15), ("government_assigned", 15),
                 ("court_entrusted", 10), ("petition_transfer", 10), ("initiative", 5)),
        agencies=("labor_arbitration", "court", "petition"),
        risk_flags=("group_incident", "extreme_behavior"),
        templates=(
            CaseTemplate(
                "拖欠农民工工资纠纷",
                "{b}承建的{place}附近工地拖欠{a}等{n}名农民工工资共计{amount}元，工人多次讨要无果，"
                "聚集到项目部讨薪，情绪激动。",
                "{a}代表工友要求一次性结清全部工资。",
                "{b}称总包方工程款未到位，暂时无力支付。",
                "{b}于春节前分两次结清{a}等人工资共计{pay}元，总包方承担连带支付责任",
                organizations=("济南某建筑劳务有限公司", "济南某建设工程有限公司"), amount=(50000, 600000)),
            CaseTemplate(
                "工伤赔偿待遇纠纷",
                "{a}在{b}工作期间因操作机器致右手受伤，经鉴定为十级伤残，双方就一次性伤残补助金等赔偿数额产生争议，"
                "涉及金额{amount}元。",
                "{a}要求按工伤保险条例足额赔偿。",
                "{b}称{a}违规操作，自身有过错。",
                "{b}一次性支付{a}各项工伤待遇{pay}元，双方解除劳动关系",
                organizations=("济南某机械加工厂", "济南某物流有限公司"), amount=(30000, 150000)),
            CaseTemplate(
                "解除劳动关系经济补偿纠纷",
                "{b}因经营调整解除与{a}的劳动合同，未支付经济补偿，{a}要求支付经济补偿金{amount}元。",
                "{a}称已工作五年，应依法获得补偿。",
                "{b}称{a}多次旷工，系违纪解除。",
                "{b}于十五日内支付{a}经济补偿金{pay}元，双方劳动关系解除",
                organizations=("济南某物流有限公司", "济南某餐饮管理有限公司"), amount=(10000, 80000)),
            CaseTemplate(
                "未签劳动合同双倍工资纠纷",
                "{a}入职{b}半年，{b}一直未与其签订书面劳动合同，{a}离职后要求支付未签合同期间的双倍工资差额{amount}元。",
                "{a}要求按法律规定支付双倍工资。",
                "{b}称系{a}本人不愿签订合同。",
                "{b}一次性支付{a}工资差额{pay}元，双方再无其他劳动争议",
                organizations=("济南某餐饮管理有限公司", "济南某商贸有限公司"), amount=(8000, 50000)),
        )),
    "consumer": CategoryProfile(
        weight=5, amount=(500, 30000),
        occupations=OCCUPATIONS_GENERAL,
        sources=(("hotline", 40), ("party_application", 45), ("government_assigned", 10), ("initiative", 5)),
        agencies=("market_regulation", "court"), risk_flags=("group_incident",),
        templates=(
            CaseTemplate(
                "健身卡预付费退费纠纷",
                "{a}在{b}办理健身年卡，预付{amount}元，后健身房停业装修迟迟不开门，{a}要求退费遭拒。",
                "{a}要求按剩余期限退还费用。",
                "{b}称装修结束后可延长会员期。",
                "{b}于七日内按剩余期限退还{a}预付费{pay}元",
                organizations=("济南某健身服务有限公司",), amount=(1000, 8000)),
            CaseTemplate(
                "家电质量问题退换纠纷",
                "{a}在{b}购买的冰箱使用不到一个月即出现制冷故障，多次维修未果，要求退货，涉及金额{amount}元。",
                "{a}要求退货退款。",
                "{b}称只能维修或换货。",
                "{b}为{a}更换同型号新冰箱，并赠送延保服务",
                organizations=("济南某家电商行",), amount=(2000, 12000)),
            CaseTemplate(
                "美容服务效果纠纷",
                "{a}在{b}接受面部护理后出现红肿过敏，要求退还疗程费并赔偿医疗费共计{amount}元。",
                "{a}称店方未告知风险。",
                "{b}称{a}系个人体质问题。",
                "{b}退还剩余疗程费并补偿{a}医疗费，共计{pay}元",
                organizations=("济南某美容美发店",), amount=(1000, 20000)),
            CaseTemplate(
                "教育培训课程退费纠纷",
                "{a}为孩子在{b}报名课程并缴费{amount}元，上课数次后因师资更换要求退费，{b}以合同约定不退为由拒绝。",
                "{a}称机构擅自更换老师，属于违约。",
                "{b}称退费须扣除优惠部分。",
                "{b}扣除已上课时费用后退还{a}{pay}元",
                organizations=("济南某教育培训学校",), amount=(3000, 30000)),
        )),
    "medical": CategoryProfile(
        weight=2, amount=(2000, 100000),
        occupations=OCCUPATIONS_GENERAL,
        sources=(("party_application", 60), ("petition_transfer", 15), ("police_transfer", 10),
                 ("hotline", 15)),
        agencies=("court", "market_regulation"), risk_flags=("extreme_behavior", "group_incident"),
        templates=(
            CaseTemplate(
                "诊所输液后不良反应纠纷",
                "{a}在{b}输液后出现过敏反应，转至上级医院治疗，花费医疗费约{amount}元，家属到诊所讨要说法。",
                "{a}家属要求诊所承担全部医疗费用。",
                "{b}称用药规范，过敏属个体差异。",
                "{b}本着人道主义补偿{a}医疗费等各项费用{pay}元，双方不再追究",
                organizations=("槐荫某社区诊所",), amount=(3000, 50000)),
            CaseTemplate(
                "牙科种植治疗效果纠纷",
                "{a}在{b}种植牙两颗，术后反复疼痛、牙冠松动，要求退还费用{amount}元。",
                "{a}称治疗效果与宣传不符。",
                "{b}称需复诊检查后再定责任。",
                "{b}免费为{a}进行修复治疗，并退还部分费用{pay}元",
                organizations=("济南某口腔门诊部",), amount=(8000, 40000)),
            CaseTemplate(
                "康复理疗致伤纠纷",
                "{a}在{b}进行腰椎理疗时感到剧痛，事后检查发现软组织损伤，要求赔偿医疗费、误工费等{amount}元。",
                "{a}称理疗师操作不当。",
                "{b}称操作符合规范。",
                "{b}一次性补偿{a}医疗费、误工费{pay}元",
                organizations=("济南某康复理疗中心",), amount=(2000, 30000)),
        )),
    "traffic": CategoryProfile(
        weight=7, amount=(1000, 150000),
        occupations=OCCUPATIONS_GENERAL,
        sources=(("police_transfer", 45), ("court_entrusted", 25), ("party_application", 30)),
        agencies=("traffic_police", "court"), risk_flags=("extreme_behavior",),
        templates=(
            CaseTemplate(
                "电动自行车与行人相撞赔偿纠纷",
                "{b}驾驶电动自行车在{place}附近路口与行人{a}相撞，致{a}腿部骨折，交警认定{b}负主要责任，"
                "双方就赔偿数额产生争议，涉及金额{amount}元。",
                "{a}要求赔偿医疗费、护理费、误工费。",
                "{b}称自己收入有限，只能承担部分。",
                "{b}分两期赔偿{a}医疗费、护理费、误工费等共计{pay}元",
                amount=(5000, 80000)),
            CaseTemplate(
                "小区内车辆剐蹭赔偿纠纷",
                "{a}停放在{place}小区内的车辆被{b}倒车时剐蹭，双方就维修费用及折价损失产生争议。",
                "{a}要求到4S店维修并赔偿贬值损失。",
                "{b}同意赔偿维修费，不同意赔偿贬值损失。",
                "{b}赔偿{a}车辆维修费{pay}元，双方互不追究",
                amount=(800, 8000)),
            CaseTemplate(
                "外卖骑手交通事故赔偿纠纷",
                "外卖骑手{b}送餐途中与{a}驾驶的电动车相撞，{a}受伤住院，双方及配送站就赔偿责任产生争议，"
                "涉及金额{amount}元。",
                "{a}要求骑手及配送站共同赔偿。",
                "{b}称配送站应承担主要责任。",
                "配送站与{b}共同赔偿{a}各项损失{pay}元，保险理赔部分由配送站协助办理",
                amount=(5000, 60000)),
            CaseTemplate(
                "货车追尾事故赔偿纠纷",
                "{b}的货车在{place}附近道路追尾{a}驾驶的轿车，造成车辆受损、{a}受伤，交警认定货车全责，"
                "双方就赔偿数额协商不成，涉及金额{amount}元。",
                "{a}要求赔偿车辆维修费、医疗费和误工费。",
                "{b}称应以保险理赔为准。",
                "{b}在保险赔付之外另行赔偿{a}误工费等损失{pay}元",
                organizations=("济南某物流有限公司", "济南某运输有限公司"), amount=(10000, 150000)),
        )),
    "property_management": CategoryProfile(
        weight=8, amount=(1000, 50000),
        occupations=OCCUPATIONS_GENERAL,
        sources=(("hotline", 35), ("party_application", 35), ("initiative", 15),
                 ("petition_transfer", 10), ("court_entrusted", 5)),
        agencies=("other", "court", "law_enforcement"), risk_flags=("group_incident",),
        templates=(
            CaseTemplate(
                "物业费拖欠与电梯维修纠纷",
                "{place}某楼电梯频繁故障，业主{a}等人认为{b}维修不及时，以拒交物业费表示不满，"
                "{b}催缴未果，涉及物业费{amount}元。",
                "{a}要求物业先修好电梯再交费。",
                "{b}称电梯老旧需动用维修资金，业主应按时交费。",
                "{b}于一个月内完成电梯维修并公示维修情况，{a}等业主补交物业费{pay}元",
                organizations=("济南某物业服务有限公司",), amount=(2000, 40000)),
            CaseTemplate(
                "小区停车管理收费纠纷",
                "{b}调整{place}小区停车收费标准，{a}等业主认为涨价未经业主大会同意，拒绝缴费，与保安发生争执。",
                "{a}要求恢复原收费标准。",
                "{b}称运营成本上涨。",
                "{b}暂停执行新收费标准，提请业主大会表决后再定",
                organizations=("济南某物业服务有限公司",), amount=NO_AMOUNT),
            CaseTemplate(
                "地下室渗水维修责任纠纷",
                "{a}家地下室雨后渗水，存放物品受损，{a}认为系小区管网老化所致，要求{b}维修并赔偿{amount}元。",
                "{a}要求物业修复并赔偿损失。",
                "{b}称渗水原因系{a}自行改造地下室。",
                "{b}负责疏通修复排水管网，{a}承担地下室内部防水处理费用，{b}补偿{a}物品损失{pay}元",
                organizations=("济南某物业服务有限公司",), amount=(2000, 20000)),
            CaseTemplate(
                "公共维修资金使用纠纷",
                "{place}小区外墙保温层脱落，{b}拟动用公共维修资金{amount}元进行维修，{a}等业主对维修报价有异议。",
                "{a}要求公开招标、公示报价。",
                "{b}称情况紧急，需尽快施工。",
                "{b}公开维修报价并邀请业主代表参与验收，维修方案经业主表决通过后实施",
                organizations=("济南某物业服务有限公司", "{place}某小区业主委员会"), amount=(50000, 300000)),
        )),
    "other": CategoryProfile(
        weight=4, amount=None,
        occupations=OCCUPATIONS_GENERAL, sources=_SOURCES_COMMON,
        agencies=("police", "other"), risk_flags=("criminal_escalation",),
        templates=(
            CaseTemplate(
                "微信群言语冲突引发名誉纠纷",
                "{a}与{b}因琐事在小区业主微信群中互相指责，{b}发布不实言论，{a}认为名誉受损，要求公开道歉。",
                "{a}要求对方在群内公开道歉。",
                "{b}称言论属实，不应道歉。",
                "{b}在业主群内公开致歉并删除相关言论，双方今后文明交流"),
            CaseTemplate(
                "广场舞场地使用纠纷",
                "{place}小广场两支广场舞队因场地使用时间和音响音量发生争执，{a}与{b}作为领队互不相让。",
                "{a}称本队先在此活动。",
                "{b}称场地是公共的，应轮流使用。",
                "两队按单双日轮流使用场地，音量控制在规定标准内，晚八点半前结束"),
            CaseTemplate(
                "拾得物品归还纠纷",
                "{b}在{place}拾得{a}遗失的手提包，{a}认为包内现金短少，双方发生争执。",
                "{a}称包内原有现金一千余元。",
                "{b}称捡到时包内无现金。",
                "{b}归还手提包，{a}向{b}表示感谢，双方互不追究"),
            CaseTemplate(
                "祖坟迁移纠纷",
                "{a}与{b}系同族，因祖坟迁移地点和费用分担发生争议，家族内部矛盾较深。",
                "{a}要求迁至公墓并平均分担费用。",
                "{b}不同意迁移。",
                "双方同意将祖坟迁至公墓，费用按户平均分担", kin=True),
        )),
}
