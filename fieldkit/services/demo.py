"""Demo dataset (演示数据): a realistic, deterministic industrial zone to try FieldKit with.

The rows are written "as from the server": ``server_version=1`` and no
audit or outbox entries, with bulk inserts so that 10,000 enterprises and 200,000 service records
take seconds, not minutes. Everything is drawn from ``random.Random(seed)``, ids included, so the
same seed gives the same zone; dates are relative to the local "today", so that there is always
something due today, this week, or overdue.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import random
import time as _time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import func, insert, literal_column, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from fieldkit.db import analyze
from fieldkit.models import (
    Assessment,
    Assignment,
    Attachment,
    Demand,
    DemandEvent,
    Enterprise,
    Evaluation,
    Policy,
    PolicyApplication,
    PolicyPush,
    ProxyMilestone,
    ProxyService,
    ServiceRecord,
    Staff,
    SyncMeta,
    VisitPlan,
    Zone,
    board_index,
    board_tally,
    search_index,
    store_indexes,
)
from fieldkit.models.enums import ApplicationState, DemandState, ProxyStatus, SpecialistType

from . import reference
from .errors import FieldKitError
from .i18n import QT_TRANSLATE_NOOP, translate
from .pinyin import name_keys
from .records import record_content_hash  # the records service owns a record's content hash
from .store_facts import DEMO_PASSWORD as DEMO_PASSWORD  # kept where the sign-in reads it
from .timeutil import local_today
from .validation import USCC_CHARSET, uscc_check_char

#: the states the demo's applications take (补正 needs its list of corrections: not generated)
_DEMO_APPLICATION_STATES = [s.value for s in ApplicationState if s is not ApplicationState.CORRECTION]
DEMO_LOGIN = "zhangwei"
SUPERVISOR_LOGIN = "supervisor"
ADMIN_LOGIN = "admin"
CHUNK = 5000

Progress = Callable[[str], object]
_T = TypeVar("_T")
#: RFC 4122 version 4 / variant bits, as uuid.UUID(int=..., version=4) sets them
_UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48)) & (2**128 - 1)
_UUID_V4 = (0x4000 << 64) | (0x8000 << 48)


class DemoError(FieldKitError):
    context = "Demo"


@dataclass
class DemoSummary:
    """What :func:`generate` wrote."""

    counts: dict[str, int] = field(default_factory=dict)
    demo_login: str = DEMO_LOGIN
    seconds: float = 0.0

    def __getitem__(self, table: str) -> int:
        return self.counts.get(table, 0)

    def __str__(self) -> str:
        """One line in the interface language (:func:`fieldkit.services.i18n.translate`)."""
        c = self.counts
        return translate(
            "Demo",
            QT_TRANSLATE_NOOP(
                "Demo",
                "{enterprises} 家企业，{staff} 名人员，{records} 条服务记录，{demands} 条诉求，"
                "{proxies} 项帮办代办，{policies} 项政策；登录 {login} / {password}（{seconds} 秒）",
            ),
            enterprises=c.get("enterprise", 0),
            staff=c.get("staff", 0),
            records=c.get("servicerecord", 0),
            demands=c.get("demand", 0),
            proxies=c.get("proxyservice", 0),
            policies=c.get("policy", 0),
            login=self.demo_login,
            password=DEMO_PASSWORD,
            seconds=f"{self.seconds:.1f}",
        )


# --------------------------------------------------------------------------------------------
# vocabulary

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
)
GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "建国",
    "志强",
    "晓东",
    "海燕",
    "红梅",
    "文博",
    "子涵",
    "思远",
    "欣怡",
    "俊杰",
    "雨萱",
    "浩然",
    "梓萱",
    "宇航",
    "佳怡",
    "立新",
    "德明",
    "国庆",
    "小龙",
    "永红",
    "玉兰",
    "春梅",
    "鹏",
    "斌",
    "琳",
    "婷",
    "宁",
    "凯",
    "亮",
    "莉",
    "晨",
    "浩",
    "峰",
    "波",
    "辉",
    "蓉",
    "川",
    "蜀光",
    "锦程",
)

ZONE_NAME = "德阳经济技术开发区"
ZONE_CODE = "510603-ETDZ"
#: (prefix in the enterprise name, administrative division code in the credit code, weight)
REGIONS = (
    ("德阳", "510600", 40),
    ("四川", "510600", 14),
    ("旌阳", "510603", 10),
    ("罗江", "510604", 5),
    ("中江", "510623", 4),
    ("广汉", "510681", 8),
    ("什邡", "510682", 6),
    ("绵竹", "510683", 6),
    ("德阳市", "510600", 7),
)
BRAND_A = "华东宏新金瑞天恒鑫盛泰中兴博永佳安富德嘉明益广诚汇聚铭宇晟川蜀锦岷亿凯通达科鼎远"
BRAND_B = "鼎方达源泰丰宇盛通业润晟宸辉创和信成华峰隆祥发邦联智远航睿源茂昌驰顺铭锐晖力腾"
#: GB/T 4754 section → words that end an enterprise name before the legal-form suffix
INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {
    "C": (
        "机械制造",
        "重型机械",
        "精密机械",
        "机械设备",
        "电气",
        "电机",
        "新材料",
        "化工",
        "食品",
        "药业",
        "电子科技",
        "汽车零部件",
        "阀门",
        "环保设备",
        "包装材料",
        "铸造",
        "新能源科技",
        "纺织",
        "塑胶制品",
        "钢结构",
        "锅炉",
        "轴承",
        "数控机床",
        "智能装备",
        "液压机械",
        "模具",
        "酒业",
        "建材",
    ),
    "A": ("农业科技", "生态农业", "种业"),
    "D": ("能源", "热力", "燃气", "新能源发电"),
    "E": ("建设工程", "建筑工程", "安装工程", "市政工程"),
    "F": ("商贸", "贸易", "物资", "机电设备销售"),
    "G": ("物流", "运输", "供应链管理", "仓储服务"),
    "H": ("餐饮管理", "酒店管理"),
    "I": ("信息技术", "软件", "网络科技", "数据科技"),
    "K": ("置业", "物业服务"),
    "L": ("企业管理咨询", "人力资源服务", "设备租赁", "会展服务"),
    "M": ("检测技术", "工程技术", "环境科技", "设计研究院"),
    "N": ("环境治理", "水处理", "园林绿化"),
    "O": ("汽车维修服务", "家政服务"),
}
INDUSTRY_WEIGHTS = {
    "C": 55,
    "F": 8,
    "I": 6,
    "M": 6,
    "G": 5,
    "E": 5,
    "L": 5,
    "D": 2,
    "H": 2,
    "N": 2,
    "O": 2,
    "A": 1,
    "K": 1,
}
SCALE_WEIGHTS = {"large": 3, "medium": 15, "small": 45, "micro": 37}
STAGE_WEIGHTS = {
    "operation": 55,
    "upgrading": 12,
    "construction": 12,
    "startup": 10,
    "change": 6,
    "deregistration": 5,
}
STAGE_ORDER = ("startup", "construction", "operation", "upgrading", "change", "deregistration")
ROADS = (
    "泰山南路",
    "长江东路",
    "岷江西路",
    "嵩山路",
    "金沙江西路",
    "庐山南路",
    "天山南路",
    "峨眉山路",
    "珠江西路",
    "衡山路",
    "华山南路",
    "黄河西路",
    "淮河路",
    "湘江路",
    "燕山路",
    "祁连山路",
)
PLACES = ("企业会议室", "生产车间", "企业办公楼二楼会议室", "项目施工现场", "园区企业服务中心", "企业展厅")
ROLES = ("总经理", "副总经理", "办公室主任", "财务负责人", "生产部经理", "人事行政主管", "董事长")
#: the contact person's one title (by enterprise); the legal representative is the 董事长
CONTACT_ROLES = ROLES[:-1]


def _title_of(ent: _Ent, person: str) -> str:
    """The one title ``person`` of ``ent`` has in every record (issue 12 §21: not four titles)."""
    return (
        ROLES[-1]
        if person == ent.legal and person != ent.contact
        else CONTACT_ROLES[ent.idx % len(CONTACT_ROLES)]
    )


BANKS = (
    "中国工商银行德阳分行",
    "中国建设银行德阳分行",
    "中国银行德阳分行",
    "德阳农商银行",
    "四川银行德阳分行",
    "中国农业银行德阳分行",
)
LOAN_PRODUCTS = ("科创贷", "税金贷", "园保贷", "专精特新贷", "知识产权质押贷")
SURVEYS = (
    "规上工业企业月度运行监测表",
    "企业用工需求调查表",
    "企业融资需求调查问卷",
    "营商环境满意度调查问卷",
    "数字化转型需求调查表",
)
DEPARTMENTS = {
    "approval": ("区行政审批局", "区市场监管局", "区住建局"),
    "financing": ("区金融工作局", "区财政局"),
    "talent": ("区人社局", "区就业服务中心"),
    "land": ("区自然资源局", "开发区规划建设局"),
    "utilities": ("国网德阳供电公司", "德阳水务集团", "德阳燃气公司", "中国电信德阳分公司"),
    "policy": ("区经信局", "区发改局", "区科技局"),
    "legal": ("区司法局", "区人民法院诉讼服务中心"),
    "security": ("开发区公安分局", "区综合执法局"),
    "market": ("区商务局", "区经信局"),
    "tech": ("区科技局", "区经信局"),
    "logistics": ("区交通运输局", "开发区规划建设局"),
    "environment": ("市生态环境局旌阳分局", "区应急管理局"),
    "other": ("开发区党政办", "开发区企业服务中心"),
}
DEMAND_TEXTS = {
    "approval": (
        "新建厂房施工许可办理进度较慢，希望协调加快审批",
        "食品生产许可证延续，需指导准备现场核查材料",
        "排污许可证变更登记，咨询办理流程和时限",
        "二期项目规划许可申请材料被退回，需协助补正",
    ),
    "financing": (
        "流动资金紧张，希望对接银行低息贷款约{amt}万元",
        "设备更新需融资{amt}万元，咨询贴息政策",
        "知识产权质押贷款评估费用较高，希望协调",
    ),
    "talent": (
        "一线技工缺口约{n}人，希望协助组织专场招聘会",
        "引进研发人员需解决子女入学问题",
        "职工公寓不足，新招员工住宿困难",
    ),
    "land": (
        "二期项目用地指标尚未落实，希望协调",
        "租用标准厂房面积不足，需扩租约{n}00平方米",
        "厂区土地证与实际用地边界不一致",
    ),
    "utilities": (
        "新增生产线需增容{n}00千伏安，申请电力扩容",
        "厂区供水压力不足，影响生产",
        "天然气接入工程进度慢，希望协调燃气公司",
        "厂区宽带网络不稳定，需升级专线",
    ),
    "policy": (
        "咨询高新技术企业认定条件及申报时间",
        "咨询技术改造专项资金申报条件",
        "咨询研发费用加计扣除操作口径",
    ),
    "legal": (
        "与外地客户存在货款纠纷约{amt}万元，需法律咨询",
        "劳动合同纠纷，需法律服务专员指导",
        "商标被抢注，咨询维权途径",
    ),
    "security": ("厂区周边夜间路灯不亮，存在治安隐患", "厂区附近货车乱停乱放，影响通行", "多次发生电缆被盗"),
    "market": (
        "希望参加广交会，申请展位补贴",
        "产品拟进入政府采购目录，咨询流程",
        "希望对接本地整机企业配套",
    ),
    "tech": ("希望与四川大学开展产学研合作", "申报省级企业技术中心需专家指导", "专利申请流程不熟悉"),
    "logistics": (
        "厂区门口道路破损，雨天积水影响货车通行",
        "园区公交班次少，员工通勤不便",
        "重型设备运输需办理超限运输许可",
    ),
    "environment": (
        "环评批复进度较慢，影响项目开工",
        "危废处置单位少、费用高，希望协调",
        "安全生产标准化评审咨询",
    ),
    "other": ("希望园区增设职工食堂", "企业更名后门牌标识需更新"),
}
COMPLAINTS = (
    ("utilities", "反映供电所计划停电未提前通知，造成生产损失"),
    ("approval", "反映某窗口要求重复提交材料，办事效率低"),
    ("security", "反映厂区周边夜间噪音扰民问题处理不及时"),
    ("logistics", "反映园区道路施工长期占道，影响物流车辆进出"),
    ("other", "反映诉求办理结果未及时反馈企业"),
)
SUGGESTIONS = (
    ("logistics", "建议园区增开早晚高峰通勤公交线路"),
    ("talent", "建议园区定期举办校企对接招聘活动"),
    ("policy", "建议政策申报材料实行一次提交、多部门共享"),
    ("other", "建议在园区服务中心设立企业之家活动场地"),
    ("financing", "建议设立园区中小企业应急转贷资金"),
)
PROBLEMS = (
    "一线技工缺口约{n}人，招工难度较大",
    "厂区门口道路破损，雨天积水影响货车通行",
    "天然气价格上调，生产成本增加",
    "流动资金紧张，希望对接低息贷款约{amt}万元",
    "二期厂房用地指标尚未落实",
    "高新技术企业认定材料准备不熟悉",
    "园区夜间路灯不亮，存在治安隐患",
    "环评批复进度较慢，影响项目开工",
    "出口订单结汇周期长，资金周转压力大",
    "周边缺少职工公寓，员工通勤不便",
    "电力容量不足，新增生产线无法按期投产",
    "与供应商存在合同纠纷，需要法律咨询",
)
FOLLOW_UPS = (
    "已将问题录入诉求台账并交办{dept}。",
    "下次走访时跟进办理进度。",
    "已约定{d}日内答复企业。",
    "协调{dept}下周上门对接。",
    "无需后续跟进。",
    "整理企业需求清单，报开发区企业服务中心。",
)
STAGE_DETAILS = {
    "startup": (
        "指导企业通过“天府通办”平台办理设立登记，一次性告知所需材料。",
        "协助办理印章刻制、银行开户和税务登记，营业执照已于当日领取。",
        "讲解“一链办理”流程，企业社保、医保、公积金登记同步完成。",
    ),
    "construction": (
        "现场查看{project}建设进度，主体工程已完成{pct}%，预计{later_m}月竣工。",
        "协助企业梳理施工许可所需材料清单，约定{d}日内补齐。",
        "对接供电公司，协调10千伏临时用电接入。",
        "参加项目建设协调会，明确竣工联合验收时间节点。",
    ),
    "operation": (
        "企业{last_m}月产值约{amt}万元，同比{trend}{pct}%，在手订单可排产至{later_m}月。",
        "目前在岗职工{n}人，其中技术人员{t}人，用工总体稳定。",
        "了解企业融资需求，推荐{bank}“{loan}”产品。",
        "检查企业安全生产台账，提醒做好{season}安全防范。",
        "了解企业研发投入情况，讲解研发费用加计扣除口径。",
    ),
    "upgrading": (
        "了解企业智能化改造计划，拟投入{amt}万元建设数字化车间。",
        "指导企业准备省级企业技术中心认定材料。",
        "组织企业到同行业标杆企业对标学习，交流精益管理经验。",
        "企业拟申报规上工业企业，讲解入库条件和流程。",
    ),
    "change": (
        "协助企业办理法定代表人变更登记，同步更新相关许可证信息。",
        "指导企业办理经营范围变更，一次性告知所需材料。",
    ),
    "deregistration": (
        "向企业说明简易注销和歇业（休眠）两种方式的条件与流程。",
        "协助企业完成清税证明办理，准备注销公告材料。",
        "企业拟申请歇业备案，讲解歇业期间的义务和恢复营业程序。",
    ),
}
PROJECTS = ("二期厂房", "研发中心大楼", "智能化生产线", "综合仓库", "职工宿舍楼", "污水处理站")
PLAN_THEMES = (
    "季度走访：了解生产经营情况",
    "政策宣讲：研发费用加计扣除",
    "诉求办理情况回访",
    "安全生产检查指导",
    "用工需求调查",
    "融资需求对接",
    "项目建设进度跟踪",
    "惠企政策申报辅导",
    "服务满意度回访",
)
PROXY_ITEMS = {
    "startup": ("营业执照办理", "食品经营许可证", "印章刻制及银行开户", "道路运输经营许可证"),
    "construction": (
        "建设工程规划许可证",
        "施工许可证",
        "竣工联合验收",
        "不动产权证书",
        "环评批复",
        "电力报装",
    ),
    "operation": ("排污许可证", "安全生产许可证", "高新技术企业认定申报", "特种设备使用登记"),
    "upgrading": ("技术改造项目备案", "省级企业技术中心认定申报", "规上工业企业入库"),
    "change": ("营业执照变更登记", "法定代表人变更"),
    "deregistration": ("简易注销登记", "税务注销", "歇业备案"),
}
PROXY_STEPS = (
    "制定服务方案并与企业确认",
    "梳理申请材料清单",
    "协助准备和完善申请材料",
    "代为提交申请并跟踪审批进度",
    "领取办理结果并送达企业",
)
TERMINATION_NOTES = {
    "a": "企业因投资计划调整，书面申请终止代办服务。",
    "b": "企业申请材料不符合法定条件，经多次沟通无法补正。",
    "c": "因上级政策调整，该事项暂停受理，无法继续审批。",
    "d": "项目现场发生安全事故被责令停工，代办服务终止。",
    "e": "企业实际控制人变更，新股东另行委托办理。",
}
ISSUERS = {
    "national": ("国家税务总局", "工业和信息化部", "科学技术部", "财政部"),
    "provincial": ("四川省经济和信息化厅", "四川省科学技术厅", "四川省财政厅", "四川省商务厅"),
    "city": ("德阳市经济和信息化局", "德阳市科学技术局", "德阳市财政局", "德阳市人力资源和社会保障局"),
    "district": ("德阳经济技术开发区管委会", "旌阳区人民政府"),
}
DOC_PREFIX = {"national": "财税", "provincial": "川经信", "city": "德府发", "district": "德经开发"}
_EXIN, _SCI, _HR, _MSA, _GOV = (
    "德阳市经济和信息化局",
    "德阳市科学技术局",
    "德阳市人力资源和社会保障局",
    "德阳市市场监督管理局",
    "德阳市人民政府",
)
_ZONE, _SCEXIN, _SCDRC = "德阳经济技术开发区管委会", "四川省经济和信息化厅", "四川省发展和改革委员会"
#: who issues each demo policy (issue 12 §21: 首台（套） is not the tax bureau's), by title
ISSUER_OF: dict[str, str] = {
    "关于支持专精特新中小企业高质量发展的若干措施": _SCEXIN,
    "德阳市高新技术企业认定奖励办法": _SCI,
    "关于进一步落实研发费用税前加计扣除政策的通知": "国家税务总局",
    "工业企业技术改造专项资金管理办法": _SCEXIN,
    "德阳经济技术开发区促进先进制造业发展十条措施": _ZONE,
    "中小微企业贷款贴息实施细则": "德阳市财政局",
    "关于做好省级企业技术中心认定工作的通知": _SCEXIN,
    "绿色工厂梯度培育管理办法": _SCEXIN,
    "智能制造示范工厂和数字化车间认定管理办法": _SCEXIN,
    "德阳市稳岗返还和一次性扩岗补助实施方案": _HR,
    "高层次人才引进薪酬补贴办法": _HR,
    "科技型中小企业评价工作指引": "科学技术部",
    "首台（套）重大技术装备推广应用保险补偿政策": "工业和信息化部",
    "关于支持外贸企业稳订单拓市场的若干措施": "四川省商务厅",
    "知识产权质押融资风险补偿资金管理办法": _MSA,
    "企业上市挂牌奖励办法": _GOV,
    "规上工业企业培育奖励（小升规）实施细则": _ZONE,
    "新建工业项目“拿地即开工”审批服务实施方案": _ZONE,
    "工业用地弹性年期出让和先租后让实施办法": "德阳市自然资源和规划局",
    "创业担保贷款实施办法": _HR,
    "大学生创新创业补贴办法": _HR,
    "关于推进制造业数字化转型的实施意见": _SCEXIN,
    "清洁生产审核奖励办法": _EXIN,
    "服务业发展引导资金管理办法": _SCDRC,
    "软件和信息技术服务业发展扶持办法": _EXIN,
    "物流业降本增效专项资金申报指南": _SCDRC,
    "企业首次纳统（入库）奖励办法": _ZONE,
    "中小企业公共服务示范平台认定管理办法": _SCEXIN,
    "制造业单项冠军企业培育提升专项行动": "工业和信息化部",
    "质量强市标准化资助办法": _MSA,
    "德阳市重大装备制造产业链协同发展扶持政策": _GOV,
    "关于支持企业开展职工技能培训的补贴办法": _HR,
    "新型研发机构认定和支持办法": "四川省科学技术厅",
    "建筑业企业资质升级奖励办法": "德阳市住房和城乡建设局",
    "招商引资项目投资奖励实施细则": _ZONE,
    "企业安全生产标准化达标奖励办法": _ZONE,
    "关于进一步优化企业简易注销登记程序的通知": "国家市场监督管理总局",
    "个体工商户转型为企业（个转企）扶持政策": _MSA,
    "工业企业天然气价格阶段性补贴政策": "德阳市发展和改革委员会",
    "氢能产业发展扶持办法": _EXIN,
    "农业产业化龙头企业认定和运行监测管理办法": "四川省农业农村厅",
}
#: the document-number prefix of each issuer (a tax notice is 税总发, not 财税 of 工信部)
ISSUER_DOC_PREFIX = {
    "国家税务总局": "税总发",
    "科学技术部": "国科发",
    "工业和信息化部": "工信部",
    "国家市场监督管理总局": "国市监注发",
    _SCEXIN: "川经信",
    "四川省商务厅": "川商",
    _SCDRC: "川发改",
    "四川省科学技术厅": "川科",
    "四川省农业农村厅": "川农",
    _GOV: "德府发",
    _EXIN: "德经信",
    _SCI: "德科",
    "德阳市财政局": "德财",
    _HR: "德人社",
    _MSA: "德市监",
    "德阳市自然资源和规划局": "德自然资",
    "德阳市住房和城乡建设局": "德住建",
    "德阳市发展和改革委员会": "德发改",
    _ZONE: "德经开发",
}
#: (title, level, category, industries, scales, stages, tags)
POLICIES: tuple[
    tuple[str, str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...
] = (
    (
        "关于支持专精特新中小企业高质量发展的若干措施",
        "provincial",
        "cultivation",
        ("C",),
        ("small", "medium"),
        ("operation", "upgrading"),
        ("专精特新",),
    ),
    ("德阳市高新技术企业认定奖励办法", "city", "recognition", (), (), (), ("高新技术企业", "科技创新")),
    (
        "关于进一步落实研发费用税前加计扣除政策的通知",
        "national",
        "other",
        (),
        (),
        ("operation", "upgrading"),
        ("科技创新", "税收优惠"),
    ),
    (
        "工业企业技术改造专项资金管理办法",
        "provincial",
        "project",
        ("C",),
        (),
        ("operation", "upgrading"),
        ("技术改造",),
    ),
    ("德阳经济技术开发区促进先进制造业发展十条措施", "district", "funding", ("C",), (), (), ("高端制造",)),
    ("中小微企业贷款贴息实施细则", "city", "funding", (), ("small", "micro"), (), ("融资需求",)),
    (
        "关于做好省级企业技术中心认定工作的通知",
        "provincial",
        "recognition",
        ("C", "I", "M"),
        ("large", "medium"),
        ("operation", "upgrading"),
        ("省级企业技术中心",),
    ),
    (
        "绿色工厂梯度培育管理办法",
        "provincial",
        "cultivation",
        ("C",),
        (),
        ("operation", "upgrading"),
        ("绿色工厂", "绿色低碳"),
    ),
    (
        "智能制造示范工厂和数字化车间认定管理办法",
        "provincial",
        "recognition",
        ("C",),
        (),
        ("upgrading",),
        ("数字化车间",),
    ),
    ("德阳市稳岗返还和一次性扩岗补助实施方案", "city", "funding", (), (), (), ()),
    ("高层次人才引进薪酬补贴办法", "city", "funding", (), (), (), ("人才引进",)),
    (
        "科技型中小企业评价工作指引",
        "national",
        "recognition",
        (),
        ("small", "medium", "micro"),
        (),
        ("科技型中小企业",),
    ),
    ("首台（套）重大技术装备推广应用保险补偿政策", "national", "funding", ("C",), (), (), ("高端制造",)),
    ("关于支持外贸企业稳订单拓市场的若干措施", "provincial", "funding", (), (), (), ("出口企业", "市场拓展")),
    ("知识产权质押融资风险补偿资金管理办法", "city", "funding", (), (), (), ("知识产权示范", "融资需求")),
    ("企业上市挂牌奖励办法", "city", "funding", (), ("large", "medium"), (), ("拟上市企业",)),
    ("规上工业企业培育奖励（小升规）实施细则", "district", "cultivation", ("C",), ("small", "micro"), (), ()),
    ("新建工业项目“拿地即开工”审批服务实施方案", "district", "project", (), (), ("construction",), ()),
    ("工业用地弹性年期出让和先租后让实施办法", "city", "project", ("C",), (), ("construction",), ()),
    ("创业担保贷款实施办法", "city", "funding", (), ("micro",), ("startup",), ("初创期",)),
    ("大学生创新创业补贴办法", "city", "funding", (), ("micro",), ("startup",), ("初创期",)),
    (
        "关于推进制造业数字化转型的实施意见",
        "provincial",
        "project",
        ("C",),
        (),
        ("upgrading",),
        ("数字化车间",),
    ),
    ("清洁生产审核奖励办法", "city", "funding", ("C", "D"), (), (), ("绿色低碳",)),
    ("服务业发展引导资金管理办法", "provincial", "project", ("F", "G", "H", "L", "M"), (), (), ()),
    ("软件和信息技术服务业发展扶持办法", "city", "funding", ("I",), (), (), ("科技创新",)),
    ("物流业降本增效专项资金申报指南", "provincial", "project", ("G",), (), (), ()),
    ("企业首次纳统（入库）奖励办法", "district", "cultivation", (), ("small", "micro"), (), ("成长期",)),
    ("中小企业公共服务示范平台认定管理办法", "provincial", "recognition", ("L", "M", "I"), (), (), ()),
    (
        "制造业单项冠军企业培育提升专项行动",
        "national",
        "cultivation",
        ("C",),
        ("large", "medium"),
        (),
        ("专精特新",),
    ),
    ("质量强市标准化资助办法", "city", "funding", (), (), (), ("ISO9001认证",)),
    ("德阳市重大装备制造产业链协同发展扶持政策", "city", "project", ("C",), (), (), ("高端制造",)),
    ("关于支持企业开展职工技能培训的补贴办法", "city", "funding", (), (), (), ("人才引进",)),
    ("新型研发机构认定和支持办法", "provincial", "recognition", ("M",), (), (), ("科技创新",)),
    ("建筑业企业资质升级奖励办法", "city", "funding", ("E",), (), (), ()),
    ("招商引资项目投资奖励实施细则", "district", "funding", (), (), ("construction", "startup"), ()),
    ("企业安全生产标准化达标奖励办法", "district", "other", ("C", "D", "E"), (), (), ()),
    ("关于进一步优化企业简易注销登记程序的通知", "national", "other", (), (), ("deregistration",), ()),
    (
        "个体工商户转型为企业（个转企）扶持政策",
        "city",
        "cultivation",
        (),
        ("micro",),
        ("startup", "change"),
        (),
    ),
    ("工业企业天然气价格阶段性补贴政策", "city", "funding", ("C",), (), ("operation",), ()),
    ("氢能产业发展扶持办法", "city", "project", ("C", "D"), (), (), ("绿色低碳", "高端制造")),
    ("农业产业化龙头企业认定和运行监测管理办法", "provincial", "recognition", ("A",), (), (), ()),
)
EVAL_COMMENTS = {
    5: ("服务周到，办事效率高", "帮我们解决了大问题，非常感谢", "上门服务很及时"),
    4: ("服务态度好，响应及时", "政策讲解清楚", ""),
    3: ("总体可以，部分事项办理时间较长", ""),
    2: ("反馈不够及时，问题没有完全解决",),
    1: ("多次反映未得到解决",),
}
SATISFACTIONS = ("very_satisfied", "satisfied", "basically_satisfied", "unsatisfied", "very_unsatisfied")
SAT_SCORE = {
    "very_satisfied": 5,
    "satisfied": 4,
    "basically_satisfied": 3,
    "unsatisfied": 2,
    "very_unsatisfied": 1,
}
SAT_LABEL = {
    "very_satisfied": "非常满意",
    "satisfied": "满意",
    "basically_satisfied": "基本满意",
    "unsatisfied": "不满意",
    "very_unsatisfied": "非常不满意",
}

#: demand scenarios: the states a demand passes through, in order (its final state is the last one)
SCENARIOS: dict[str, tuple[str, ...]] = {
    "collected": ("collected",),
    "assigned": ("collected", "assigned"),
    "in_progress": ("collected", "assigned", "in_progress"),
    "reminded": ("collected", "assigned", "in_progress", "reminded"),
    "feedback": ("collected", "assigned", "in_progress", "feedback"),
    "closed": ("collected", "assigned", "in_progress", "feedback", "closed"),
    "closed_reminded": ("collected", "assigned", "in_progress", "reminded", "feedback", "closed"),
    "archived": ("collected", "assigned", "in_progress", "feedback", "closed", "archived"),
    "on_spot": ("collected", "closed"),
    "on_spot_archived": ("collected", "closed", "archived"),
    "reassigned": ("collected", "assigned", "in_progress", "feedback*", "assigned"),
    "reassigned_closed": (
        "collected",
        "assigned",
        "in_progress",
        "feedback*",
        "assigned",
        "in_progress",
        "feedback",
        "closed",
    ),
    "review": ("collected", "assigned", "in_progress", "feedback*", "collective_review"),
    "review_archived": (
        "collected",
        "assigned",
        "in_progress",
        "reminded",
        "feedback*",
        "collective_review",
        "assigned",
        "in_progress",
        "feedback",
        "closed",
        "archived",
    ),
}
#: scenario weights by the demand's age in days (upper bound of the bucket)
SCENARIO_WEIGHTS: tuple[tuple[int, dict[str, int]], ...] = (
    (3, {"collected": 45, "assigned": 30, "on_spot": 25}),
    (
        20,
        {
            "assigned": 12,
            "in_progress": 28,
            "reminded": 10,
            "feedback": 14,
            "closed": 18,
            "on_spot": 10,
            "reassigned": 4,
            "review": 4,
        },
    ),
    (
        60,
        {
            "in_progress": 10,
            "reminded": 10,
            "feedback": 8,
            "review": 4,
            "closed": 30,
            "closed_reminded": 8,
            "reassigned": 3,
            "reassigned_closed": 6,
            "on_spot": 8,
            "archived": 13,
        },
    ),
    (
        180,
        {
            "archived": 55,
            "closed": 12,
            "on_spot_archived": 10,
            "review_archived": 5,
            "reassigned_closed": 6,
            "review": 2,
            "reminded": 3,
            "in_progress": 2,
            "feedback": 2,
            "assigned": 1,
            "closed_reminded": 2,
        },
    ),
    # older than half a year: a zone does not leave demands open that long; all are settled
    (
        10**6,
        {
            "archived": 65,
            "closed": 10,
            "on_spot_archived": 10,
            "review_archived": 5,
            "reassigned_closed": 8,
            "closed_reminded": 2,
        },
    ),
)
#: the scenario used to create a demand of a given final state when one is missing
SCENARIO_FOR_STATE = {
    "collected": "collected",
    "assigned": "assigned",
    "in_progress": "in_progress",
    "reminded": "reminded",
    "feedback": "feedback",
    "collective_review": "review",
    "closed": "closed",
    "archived": "archived",
}
URGENCY_DAYS = {"urgent": 3, "high": 7, "normal": 15, "low": 30}


# --------------------------------------------------------------------------------------------
# helpers


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _at(d: date, hour: int, minute: int = 0) -> datetime:
    """Local wall-clock time on ``d`` as an aware UTC datetime (the offset of that day, DST included)."""
    return datetime.combine(d, time(hour, minute)).astimezone().astimezone(UTC)


#: what a safety reminder may name in each month (a November visit does not warn of the heat)
SEASONS_BY_MONTH: dict[int, tuple[str, ...]] = {
    1: ("冬季", "春节前后"),
    2: ("冬季", "春节前后"),
    3: ("春季",),
    4: ("春季",),
    5: ("汛期", "“五一”假期"),
    6: ("汛期", "高温季节"),
    7: ("汛期", "高温季节"),
    8: ("汛期", "高温季节"),
    9: ("汛期", "“国庆”假期"),
    10: ("秋冬季", "“国庆”假期"),
    11: ("秋冬季", "冬季"),
    12: ("冬季", "元旦前后"),
}


def _month_before(d: date) -> int:
    return 12 if d.month == 1 else d.month - 1


def _month_after(d: date, months: int) -> int:
    return (d.month - 1 + months) % 12 + 1


#: template slots: a value drawn from the generator and the date the text is written on
_SLOT_VALUES: dict[str, Callable[[random.Random, date, dict[str, str]], str]] = {
    "n": lambda rng, _d, _v: str(rng.randint(5, 60)),
    "amt": lambda rng, _d, _v: str(rng.choice((50, 80, 100, 200, 300, 500, 800, 1200))),
    "pct": lambda rng, _d, _v: str(rng.randint(3, 95)),
    # last month's figures, a month still to come for orders and completion
    "last_m": lambda _rng, d, _v: str(_month_before(d)),
    "later_m": lambda rng, d, _v: str(_month_after(d, rng.randint(1, 6))),
    "d": lambda rng, _d, _v: str(rng.choice((3, 5, 7, 10))),
    # 技术人员 are some of the 在岗职工 (``n`` is drawn first when the template names both)
    "t": lambda rng, _d, v: str(rng.randint(1, max(1, int(v.get("n") or 10) * 2 // 5))),
    "trend": lambda rng, _d, _v: rng.choice(("增长", "下降")),
    "bank": lambda rng, _d, _v: rng.choice(BANKS),
    "loan": lambda rng, _d, _v: rng.choice(LOAN_PRODUCTS),
    "project": lambda rng, _d, _v: rng.choice(PROJECTS),
    "season": lambda rng, d, _v: rng.choice(SEASONS_BY_MONTH[d.month]),
    "dept": lambda _rng, _d, _v: "相关部门",
}


class _Slots(dict[str, str]):
    """Template values drawn only when a template uses them (``str.format_map``)."""

    def __init__(self, rng: random.Random, when: date, extra: dict[str, str]) -> None:
        super().__init__(extra)
        self.rng = rng
        self.when = when

    def __missing__(self, key: str) -> str:
        if key == "t" and "n" not in self:
            self["n"]  # noqa: B018  (draw 在岗职工 first: 技术人员 are among them)
        value = self[key] = _SLOT_VALUES[key](self.rng, self.when, self)
        return value


def _fill(text: str, rng: random.Random, when: date, **extra: str) -> str:
    """``text`` with its slots filled; ``when`` (the visit's day) decides months and seasons."""
    return text.format_map(_Slots(rng, when, extra)) if "{" in text else text


@dataclass
class _Ent:
    idx: int
    id: str
    name: str
    stage: str
    status: str
    scale: str
    industry: str
    tags: list[str]
    contact: str
    legal: str
    address: str
    #: (staff index, start, end or None) in time order
    periods: list[tuple[int, date, date | None]] = field(default_factory=list)

    def owner_on(self, d: date) -> int:
        for s, start, end in self.periods:
            if start <= d and (end is None or d <= end):
                return s
        return self.periods[-1][0]

    @property
    def current_owner(self) -> int:
        return self.periods[-1][0]


@dataclass
class _Staff:
    idx: int
    id: str
    name: str
    login: str
    role: str
    specialist_type: str
    department: str


#: the submitted original records grouped by enterprise in the order of each one's first record,
#: in generation order within it (what :meth:`_Generator.make_demands` raises demands from). CROSS
#: JOIN keeps the records the outer loop and lets SQLite index the grouped subquery (AUTOMATIC
#: COVERING INDEX): the generator drops the secondary indexes while it loads, and a plain JOIN
#: scanned every record once per enterprise (10,000 x 100,000 row visits; tests/unit/test_demo.py)
DEMAND_SOURCES_SQL = (
    "SELECT s.id, s.enterprise_id, s.staff_id, s.visit_at FROM servicerecord AS s"
    " CROSS JOIN (SELECT enterprise_id, min(rowid) AS first FROM servicerecord"
    " GROUP BY enterprise_id) AS f ON f.enterprise_id = s.enterprise_id"
    " WHERE s.status != 'draft' AND s.amends_id IS NULL ORDER BY f.first, s.rowid"
)


class _Generator:
    def __init__(self, seed: int, n_ent: int, n_records: int, today: date, progress: Progress | None) -> None:
        self.rng = random.Random(seed)
        self.ids = random.Random(seed * 7919 + 17)
        self.sig_rng = random.Random(seed * 104729 + 3)
        #: a dozen representatives' signatures (PNG bytes by sha256), signed on recent on-site visits
        self.signatures: dict[str, bytes] = {}
        for _ in range(12):
            png = signature_png(self.sig_rng)
            self.signatures[hashlib.sha256(png).hexdigest()] = png
        self.n_ent = n_ent
        self.n_records = n_records
        self.today = today
        self.now = datetime.now(UTC)
        self.progress = progress
        self.ref = reference.load()
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.staff: list[_Staff] = []
        self.ents: list[_Ent] = []
        self.zone_id = ""
        self.supervisor_ids: list[str] = []
        self.admin_id = ""
        self.policy_rows: list[dict[str, Any]] = []
        #: how many submitted (not draft) original records were generated: the amendments' sample
        #: picks positions among them and reads the rows back from the store (nothing per record is
        #: kept in memory: make_demands and make_applications read what they need back too)
        self.n_submitted = 0
        #: where finished rows go (table name, rows); set by :func:`generate` — rows are kept in
        #: memory only until their chunk is written
        self.sink: Callable[[str, list[dict[str, Any]]], None] | None = None
        #: what was written, read back: a Core select (streamed) over the store's tables
        self.read: Callable[[Any], Iterable[Any]] | None = None
        self.tables: dict[str, Any] = {m.__table__.name: m.__table__ for m in TABLES}
        self.written: Counter[str] = Counter()
        self.written_score: Counter[str] = Counter()
        #: what ensure_coverage needs of the proxy services and applications already written:
        #: (staff id, status), termination reasons, (staff id, application state)
        self.proxy_status: set[tuple[str, str]] = set()
        self.proxy_reasons: set[str | None] = set()
        self.application_states: set[tuple[str, str]] = set()
        self.used_names: set[str] = set()
        self._staff_by_id: dict[str, _Staff] = {}

    # -- plumbing ---------------------------------------------------------------------------

    def new_id(self) -> str:
        """A version-4 UUID (hex) drawn from the seeded generator: reproducible ids."""
        n = self.ids.getrandbits(128) & _UUID_CLEAR | _UUID_V4
        return f"{n:032x}"

    def say(self, text: str, **params: object) -> None:
        """Report a step: ``text`` is a Chinese source string (context "Demo"), translated here."""
        if self.progress is not None:
            self.progress(translate("Demo", text, **params))

    def add(
        self, table: str, created: datetime | None = None, updated: datetime | None = None, **values: Any
    ) -> dict[str, Any]:
        created = created or self.now
        row = {
            "id": values.pop("id", None) or self.new_id(),
            "server_version": 1,
            "deleted": False,
            "created_at": created,
            "updated_at": updated or created,
            **values,
        }
        self.rows[table].append(row)
        return row

    def flush(self, *tables: str) -> None:
        """Write the generated rows of ``tables`` (all of them when none is named) to the sink, in
        foreign-key order, and drop them: memory stays bounded by a chunk, whatever the zone's size."""
        if self.sink is None:
            return
        for model in TABLES:
            name = model.__table__.name
            if tables and name not in tables:
                continue
            rows = self.rows.get(name)
            if not rows:
                continue
            if name in _SCORED:
                self.written_score.update(r["staff_id"] for r in rows)
            if name == "proxyservice":
                self.proxy_status.update((r["staff_id"], r["status"]) for r in rows)
                self.proxy_reasons.update(r["termination_reason"] for r in rows)
            elif name == "policyapplication":
                self.application_states.update((r["staff_id"], r["state"]) for r in rows)
            self.sink(name, rows)
            self.written[name] += len(rows)
            self.rows[name] = []
        give_back_memory()

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def mobile(self) -> str:
        prefix = self.rng.choice(
            (
                "138",
                "139",
                "135",
                "136",
                "137",
                "150",
                "151",
                "152",
                "158",
                "159",
                "182",
                "183",
                "187",
                "188",
                "130",
                "131",
                "132",
                "155",
                "156",
                "185",
                "186",
                "133",
                "153",
                "180",
                "181",
                "189",
                "177",
                "199",
            )
        )
        return prefix + f"{self.rng.randrange(10**8):08d}"

    def past_date(self, lo: int, hi: int) -> date:
        return self.today - timedelta(days=self.rng.randint(lo, hi))

    # -- zone and staff ---------------------------------------------------------------------

    def make_zone_and_staff(self) -> None:
        created = _at(self.today - timedelta(days=1500), 9)
        self.zone_id = self.add("zone", created, name=ZONE_NAME, code=ZONE_CODE)["id"]
        n_field = max(8, round(self.n_ent / 40))
        types = [t.value for t in SpecialistType]
        weights = {
            "industrial_assistant": 55,
            "support_official": 25,
            "steward": 8,
            "legal": 3,
            "police": 3,
            "finance": 3,
            "business_env_supervisor": 3,
        }
        departments = {
            "industrial_assistant": ("开发区经济发展局", "开发区投资促进局"),
            "support_official": ("开发区企业服务中心",),
            "steward": ("开发区企业服务中心",),
            "legal": ("旌阳区司法局",),
            "police": ("开发区公安分局",),
            "finance": ("区金融工作局",),
            "business_env_supervisor": ("开发区营商环境建设局",),
        }
        logins = {DEMO_LOGIN, SUPERVISOR_LOGIN, ADMIN_LOGIN}
        names: set[str] = {"张伟"}
        for i in range(n_field):
            stype = types[i] if i < len(types) else _weighted(self.rng, weights)
            if i == 0:
                name, login = "张伟", DEMO_LOGIN
            else:
                name = self.person()
                while name in names:
                    name = self.person()
                names.add(name)
                base = name_keys(name)[0]
                login, k = base, 2
                while login in logins:
                    login, k = f"{base}{k}", k + 1
                logins.add(login)
            self.add_staff(name, login, "assistant", stype, self.rng.choice(departments[stype]), created)
        n_sup = 1 + n_field // 100
        for j in range(n_sup):
            login = SUPERVISOR_LOGIN if j == 0 else f"supervisor{j + 1}"
            name = "李建国" if j == 0 else self.person()
            s = self.add_staff(
                name, login, "supervisor", "industrial_assistant", "开发区企业服务中心", created
            )
            self.supervisor_ids.append(s.id)
        self.admin_id = self.add_staff(
            "王磊", ADMIN_LOGIN, "admin", "industrial_assistant", "开发区信息中心", created
        ).id

    def add_staff(self, name: str, login: str, role: str, stype: str, dept: str, created: datetime) -> _Staff:
        row = self.add(
            "staff",
            created,
            name=name,
            login=login,
            role=role,
            specialist_type=stype,
            zone_id=self.zone_id,
            phone=self.mobile(),
            department=dept,
            active=True,
        )
        s = _Staff(len(self.staff), row["id"], name, login, role, stype, dept)
        self.staff.append(s)
        return s

    @property
    def staff_by_id(self) -> dict[str, _Staff]:
        if len(self._staff_by_id) != len(self.staff):
            self._staff_by_id = {s.id: s for s in self.staff}
        return self._staff_by_id

    @property
    def field_staff(self) -> list[_Staff]:
        return [s for s in self.staff if s.role == "assistant"]

    # -- enterprises and assignments --------------------------------------------------------

    def credit_code(self, region: str, used: set[str]) -> str:
        while True:
            if self.rng.random() < 0.65:
                body = "MA6" + "".join(self.rng.choice(USCC_CHARSET[:-1]) for _ in range(5))
            else:
                body = "".join(self.rng.choice("0123456789") for _ in range(8))
            # GB 11714 organisation code check character
            vals = [USCC_CHARSET.index(c) if c.isdigit() else ord(c) - 55 for c in body]
            c9 = 11 - sum(v * w for v, w in zip(vals, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
            org = body + ("X" if c9 == 10 else "0" if c9 == 11 else str(c9))
            first17 = "91" + region + org
            code = first17 + uscc_check_char(first17)
            if code not in used:
                used.add(code)
                return code

    def enterprise_name(self, industry: str, scale: str) -> tuple[str, str]:
        regions = [r for r in REGIONS]
        while True:
            prefix, region, _w = self.rng.choices(regions, weights=[r[2] for r in regions])[0]
            brand = self.rng.choice(BRAND_A) + self.rng.choice(BRAND_B)
            word = self.rng.choice(INDUSTRY_WORDS[industry])
            r = self.rng.random()
            suffix = (
                "股份有限公司"
                if scale in ("large", "medium") and r < 0.4
                else ("有限责任公司" if r > 0.92 else "有限公司")
            )
            if self.rng.random() < 0.04:
                name = f"{brand}{word}（{prefix.removesuffix('市')}）{suffix}"
            else:
                name = f"{prefix}{brand}{word}{suffix}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name, region

    def make_enterprises(self) -> None:
        self.say(QT_TRANSLATE_NOOP("Demo", "企业：{n} 家"), n=self.n_ent)
        used_codes: set[str] = set()
        tags_by_kind = self.ref.tags_by_kind()
        rng = self.rng
        field_staff = self.field_staff
        staff_weights = [2.0 if s.login == DEMO_LOGIN else 1.0 for s in field_staff]
        ent_cols = self.rows["enterprise"]
        for i in range(self.n_ent):
            industry = _weighted(rng, INDUSTRY_WEIGHTS)
            scale = _weighted(rng, SCALE_WEIGHTS)
            stage = _weighted(rng, STAGE_WEIGHTS)
            status = "operating"
            if stage == "deregistration":
                status = rng.choice(("hibernating", "deregistered", "deregistered", "operating"))
            elif rng.random() < 0.02:
                status = "hibernating"
            name, region = self.enterprise_name(industry, scale)
            code = self.credit_code(region, used_codes)
            tags = self.pick_tags(tags_by_kind, industry, scale, stage)
            legal, contact = self.person(), self.person()
            phone = self.mobile() if rng.random() < 0.85 else f"0838-{rng.randint(2000000, 8999999)}"
            address = (
                f"{ZONE_NAME}{rng.choice(ROADS)}{rng.randint(1, 399)}号"
                if rng.random() < 0.7
                else f"德阳市旌阳区{rng.choice(ROADS)}{rng.randint(1, 399)}号"
            )
            notes = ""
            if "专精特新" in tags and rng.random() < 0.5:
                notes = f"{self.today.year - rng.randint(1, 3)}年被评为省级专精特新中小企业"
            elif status == "hibernating":
                notes = "企业已办理歇业备案，暂停生产经营"
            full, initials = name_keys(name)
            start = self.past_date(300, 1500)
            created = _at(start, 10)
            eid = self.new_id()
            ent_cols.append(
                {
                    "id": eid,
                    "server_version": 1,
                    "deleted": False,
                    "created_at": created,
                    "updated_at": _at(self.past_date(1, 200), 15),
                    "name": name,
                    "credit_code": code,
                    "legal_representative": legal,
                    "contact_person": contact,
                    "contact_phone": phone,
                    "address": address,
                    "industry": industry,
                    "scale": scale,
                    "stage": stage,
                    "status": status,
                    "tags": tags,
                    "zone_id": self.zone_id,
                    "notes": notes,
                    "name_pinyin": full,
                    "name_initials": initials,
                    # agreed at the first contact (seed 000 §6.1); from the id, not the generator, so
                    # the rest of the demo stays as it was
                    "contact_channel": "online" if int(eid[-2:], 16) % 3 == 0 else "offline",
                    "profile": {},
                }
            )
            owner = rng.choices(range(len(field_staff)), weights=staff_weights)[0]
            ent = _Ent(i, eid, name, stage, status, scale, industry, tags, contact, legal, address)
            # 包联 history: about one in eight enterprises changed hands at least once
            if rng.random() < 0.12 and len(field_staff) > 1:
                prev = rng.randrange(len(field_staff) - 1)
                prev = prev + 1 if prev >= owner else prev
                switch = self.past_date(30, min(400, (self.today - start).days - 10))
                ent.periods.append((field_staff[prev].idx, start, switch - timedelta(days=1)))
                ent.periods.append((field_staff[owner].idx, switch, None))
            else:
                ent.periods.append((field_staff[owner].idx, start, None))
            self.ents.append(ent)
        self.cover_stages_and_statuses()
        for ent in self.ents:
            for k, (s, start, end) in enumerate(ent.periods):
                note = "" if k == 0 else "工作调整，重新包联"
                self.add(
                    "assignment",
                    _at(start, 9),
                    _at(end or start, 17),
                    staff_id=self.staff[s].id,
                    enterprise_id=ent.id,
                    start_date=start,
                    end_date=end,
                    note=note,
                )

    def cover_stages_and_statuses(self) -> None:
        """Small datasets too get every lifecycle stage and every status (休眠, 注销)."""
        if len(self.ents) < 8:
            return
        wanted = [("deregistration", "deregistered"), ("deregistration", "hibernating")]
        wanted += [(stage, "operating") for stage in STAGE_ORDER]
        have = {(e.stage, e.status) for e in self.ents}
        stages = {e.stage for e in self.ents}
        statuses = {e.status for e in self.ents}
        k = len(self.ents) - 1
        for stage, status in wanted:
            if (
                (stage, status) in have
                or (status == "operating" and stage in stages)
                or (status != "operating" and status in statuses)
            ):
                continue
            ent, row = self.ents[k], self.rows["enterprise"][k]
            ent.stage, ent.status = stage, status
            row["stage"], row["status"] = stage, status
            stages.add(stage)
            statuses.add(status)
            k -= 1

    def pick_tags(self, kinds: dict[str, list[str]], industry: str, scale: str, stage: str) -> list[str]:
        rng = self.rng
        tags: set[str] = set()
        tags.add("国有企业" if rng.random() < 0.06 else "外资企业" if rng.random() < 0.05 else "民营企业")
        if scale in ("large", "medium") and industry == "C":
            tags.add("规上企业")
        if industry in ("C", "I", "M") and rng.random() < 0.25:
            tags.add("高新技术企业")
        if industry in ("C", "I", "M") and rng.random() < 0.2:
            tags.add("科技型中小企业")
        if industry == "C" and scale != "micro" and rng.random() < 0.1:
            tags.add("专精特新")
        tags.add({"startup": "初创期", "construction": "成长期"}.get(stage, rng.choice(("成长期", "成熟期"))))
        for kind in ("business", "behaviour", "interest"):
            if rng.random() < 0.45:
                tags.add(rng.choice(kinds.get(kind, [""])))
        tags.discard("")
        tags -= set(kinds.get("behaviour", []))  # 行为标签 follow from the records (services.behaviour_tags)
        return sorted(tags)

    # -- policies ---------------------------------------------------------------------------

    def make_policies(self) -> None:
        rng = self.rng
        for i, (title, level, cat, inds, scales, stages, tags) in enumerate(POLICIES):
            issued = self.past_date(20, 700)
            pattern = i % 6
            if pattern == 0:  # closing within 14 days
                ws, we = self.past_date(20, 90), self.today + timedelta(days=rng.randint(1, 14))
            elif pattern == 1:  # closed
                we = self.past_date(3, 150)
                ws = we - timedelta(days=rng.randint(30, 90))
            elif pattern == 2:  # opens in the future
                ws = self.today + timedelta(days=rng.randint(5, 40))
                we = ws + timedelta(days=rng.randint(30, 60))
            elif pattern == 3:  # open for a while
                ws, we = self.past_date(10, 60), self.today + timedelta(days=rng.randint(20, 120))
            elif pattern == 4:  # 常年受理
                ws, we = None, None
            else:
                ws, we = self.past_date(5, 40), self.today + timedelta(days=rng.randint(10, 40))
            issued = min(issued, ws) if ws else issued
            issuer = ISSUER_OF.get(title) or rng.choice(ISSUERS[level])
            prefix = ISSUER_DOC_PREFIX.get(issuer) or DOC_PREFIX[level]
            year = issued.year
            row = self.add(
                "policy",
                _at(issued, 10),
                title=title,
                doc_no=f"{prefix}〔{year}〕{rng.randint(3, 89)}号",
                issuer=issuer,
                interpreting_unit=issuer,
                competent_department=issuer,
                accepting_department="德阳经济技术开发区政务服务中心"
                if level in ("district", "city")
                else issuer,
                level=level,
                category=cat,
                industries=list(inds),
                scales=list(scales),
                stages=list(stages),
                tags=list(tags),
                window_start=ws,
                window_end=we,
                materials="1. 申报表；2. 营业执照复印件；3. 上年度财务审计报告；4. 相关证明材料。",
                summary=f"对符合条件的企业给予支持，具体以《{title}》原文为准。",
                full_text=f"《{title}》\n第一条 为贯彻落实相关决策部署，制定本办法。\n第二条 本办法适用于在本地依法登记注册的企业。",
                url=f"https://www.deyang.gov.cn/zwgk/zcwj/{year}{i:04d}.html",
            )
            self.policy_rows.append(row)

    def policy_fits(self, pol: dict[str, Any], ent: _Ent) -> bool:
        return (
            (not pol["industries"] or ent.industry in pol["industries"])
            and (not pol["scales"] or ent.scale in pol["scales"])
            and (not pol["stages"] or ent.stage in pol["stages"])
        )

    # -- visit plans and service records ----------------------------------------------------

    def make_records(self) -> None:
        rng = self.rng
        n_amend = self.n_records // 100
        n_base = self.n_records - n_amend
        self.say(QT_TRANSLATE_NOOP("Demo", "服务记录：{n} 条"), n=self.n_records)
        weights = [
            {"large": 3.0, "medium": 2.0, "small": 1.0, "micro": 0.7}[e.scale]
            * (0.4 if e.status == "deregistered" else 1.0)
            for e in self.ents
        ]
        picks = rng.choices(range(len(self.ents)), weights=weights, k=n_base) if self.ents else []
        catalogue = {s.code: [i.code for i in self.ref.service_items(s.code)] for s in self.ref.stages}
        item_label = {code: e.zh for code, e in self.ref.all_service_items().items()}
        sup = self.supervisor_ids[0]
        horizon = 730
        yesterday = self.today - timedelta(days=1)
        self.flush()  # zone, staff, enterprises, assignments, policies: the records refer to them
        fitting: dict[int, list[dict[str, Any]]] = {}
        for n, ei in enumerate(picks):
            ent = self.ents[ei]
            first = max(ent.periods[0][1], self.today - timedelta(days=horizon))
            span = (yesterday - first).days
            d = first + timedelta(days=rng.randint(0, max(span, 0)))
            if d.weekday() >= 5 and rng.random() < 0.8:  # mostly working days
                d -= timedelta(days=d.weekday() - 4)
            d = max(min(d, yesterday), first)
            staff = self.staff[ent.owner_on(d)]
            kind = rng.choices(("onsite", "ondemand", "survey"), weights=(70, 20, 10))[0]
            visit_at = _at(d, rng.randint(8, 16), rng.choice((0, 10, 15, 20, 30, 40, 45, 50)))
            age = (self.today - d).days
            if n < 4:  # every status at least once (退回修改 too)
                status = ("draft", "submitted", "reviewed", "returned")[n]
            elif age <= 14:
                status = rng.choices(("draft", "submitted", "reviewed"), weights=(20, 60, 20))[0]
            elif age <= 60:
                status = rng.choices(("draft", "submitted", "reviewed"), weights=(3, 50, 47))[0]
            else:
                status = rng.choices(("draft", "submitted", "reviewed"), weights=(0.5, 30, 69.5))[0]
            stage = ent.stage
            items = rng.sample(
                catalogue.get(stage) or catalogue["operation"],
                k=min(rng.randint(1, 3), len(catalogue.get(stage) or catalogue["operation"])),
            )
            policy = None
            if status != "draft" and rng.random() < 0.1:
                fits = fitting.get(ei)
                if fits is None:
                    fits = fitting[ei] = [p for p in self.policy_rows if self.policy_fits(p, ent)]
                policy = rng.choice(fits) if fits else None
            content, problems, follow = self.record_text(ent, stage, kind, items, item_label, policy, d)
            person = ent.contact if rng.random() < 0.7 else ent.legal
            plan_id = None
            if kind != "survey" and rng.random() < 0.35:
                plan_id = self.add(
                    "visitplan",
                    visit_at - timedelta(days=rng.randint(2, 10)),
                    visit_at,
                    staff_id=staff.id,
                    enterprise_id=ent.id,
                    theme=rng.choice(PLAN_THEMES),
                    planned_date=d,
                    kind=kind,
                    status="done",
                    note="",
                )["id"]
            rec: dict[str, Any] = {
                "enterprise_id": ent.id,
                "staff_id": staff.id,
                "plan_id": plan_id,
                "kind": kind,
                "visit_at": visit_at,
                "place": ent.address
                if kind == "onsite" and rng.random() < 0.3
                else ("园区企业服务中心" if kind == "ondemand" else rng.choice(PLACES)),
                "staff_participants": staff.name if rng.random() < 0.7 else f"{staff.name}、{self.person()}",
                "enterprise_participants": f"{person}（{_title_of(ent, person)}）",
                "stage": stage,
                "service_items": items,
                "content": content,
                "problems": problems,
                "follow_up": follow,
                "signature_sha256": None,
                "status": status,
                "amends_id": None,
                "content_hash": None,
                "submitted_at": None,
                "reviewed_by": None,
                "reviewed_at": None,
                "review_note": "",
            }
            updated = visit_at + timedelta(hours=2)
            signed = (
                status != "draft"
                and kind == "onsite"
                and (self.now - visit_at).days <= SIGNED_DAYS
                and self.sig_rng.random() < 0.8
            )
            if signed:
                rec["signature_sha256"] = self.sig_rng.choice(sorted(self.signatures))
            if status != "draft":
                rec["content_hash"] = record_content_hash(rec)
                rec["submitted_at"] = updated
            if status == "reviewed":
                rec["reviewed_by"] = sup
                rec["reviewed_at"] = updated = visit_at + timedelta(days=rng.randint(1, 12), hours=3)
                rec["review_note"] = rng.choice(("", "", "记录完整", "请补充企业诉求办理进度", "已阅"))
            elif (
                status == "returned"
            ):  # sent back with the supervisor's reason (RecordService.return_for_correction)
                rec["reviewed_by"] = sup
                rec["reviewed_at"] = updated = visit_at + timedelta(days=rng.randint(1, 5), hours=3)
                rec["review_note"] = "走访内容过于简单，请补充企业诉求和办理情况"
            row = self.add("servicerecord", visit_at, min(updated, self.now), **rec)
            if status != "draft":
                self.n_submitted += 1
            if signed:
                sha = rec["signature_sha256"]
                self.add(
                    "attachment",
                    visit_at,
                    visit_at,
                    sha256=sha,
                    filename="signature.png",
                    mime="image/png",
                    size=len(self.signatures[sha]),
                    kind="signature",
                    owner_table="servicerecord",
                    owner_id=row["id"],
                    enterprise_id=ent.id,
                    caption="企业代表签名",
                    uploaded=True,
                )
            if policy is not None:
                self.add(
                    "policypush",
                    visit_at,
                    policy_id=policy["id"],
                    enterprise_id=ent.id,
                    staff_id=staff.id,
                    record_id=row["id"],
                    pushed_at=visit_at,
                    note="走访时宣讲解读",
                )
            if n % CHUNK == CHUNK - 1:
                self.flush(*_RECORD_TABLES)
        self.flush(*_RECORD_TABLES)
        # positions among the submitted originals in generation order (what sampling their ids drew)
        sample = rng.sample(range(self.n_submitted), k=min(n_amend, self.n_submitted))
        for orig in self.originals(self.submitted_at_positions(sample)):
            amend = {k: v for k, v in orig.items() if k not in ("id", "created_at", "updated_at")}
            fixed = rng.choice(("参与人员", "走访时间", "服务事项", "问题描述"))
            amend["content"] = f"【更正】原记录{fixed}有误，更正如下：{orig['content']}"
            amend["amends_id"] = orig["id"]
            amend["signature_sha256"] = None  # an amendment is signed anew (RecordService.amend)
            amend["submitted_at"] = min(orig["submitted_at"] + timedelta(days=rng.randint(1, 10)), self.now)
            amend["status"] = "submitted" if rng.random() < 0.6 else "reviewed"
            amend["reviewed_by"] = sup if amend["status"] == "reviewed" else None
            amend["reviewed_at"] = (
                amend["submitted_at"] + timedelta(hours=5) if amend["reviewed_by"] else None
            )
            amend["content_hash"] = record_content_hash(amend)
            self.add(
                "servicerecord", amend["submitted_at"], amend["reviewed_at"] or amend["submitted_at"], **amend
            )
            if len(self.rows["servicerecord"]) >= CHUNK:
                self.flush(*_RECORD_TABLES)
        self.flush(*_RECORD_TABLES)

    def _read(self, query: Any) -> Iterable[Any]:
        assert self.read is not None, "the generator reads back what it wrote: generate() sets read"
        return self.read(query)

    def _submitted_originals(self) -> Any:
        """The submitted (not draft) original records, in generation (insert) order."""
        t = self.tables["servicerecord"]
        return (
            select(t.c.id, t.c.enterprise_id, t.c.staff_id, t.c.visit_at)
            .where(t.c.status != "draft", t.c.amends_id.is_(None))
            .order_by(literal_column("servicerecord.rowid"))
        )

    def submitted_at_positions(self, positions: list[int]) -> list[str]:
        """The ids of the submitted originals at ``positions`` (in generation order), in the order of
        ``positions``: one scan of the store, keeping only the wanted ids."""
        wanted = set(positions)
        found: dict[int, str] = {}
        for k, row in enumerate(self._read(self._submitted_originals())):
            if k in wanted:
                found[k] = row.id
        return [found[k] for k in positions]

    def originals(self, ids: list[str]) -> Iterable[dict[str, Any]]:
        """The records ``ids`` as they were generated, in that order, read back from the store."""
        t = self.tables["servicerecord"]
        for chunk in _chunks(ids, CHUNK):
            by_id = {r.id: dict(r._mapping) for r in self._read(select(t).where(t.c.id.in_(chunk)))}
            yield from (by_id[i] for i in chunk)

    def record_text(
        self,
        ent: _Ent,
        stage: str,
        kind: str,
        items: list[str],
        labels: dict[str, str],
        policy: dict[str, Any] | None,
        when: date | None = None,
    ) -> tuple[str, str, str]:
        """Content, problems and follow-up of a record visited on ``when`` (its months and season)."""
        rng = self.rng
        when = when or self.today
        short = ent.name[:6]
        person = ent.contact
        if kind == "onsite":
            opener = rng.choice(
                (
                    f"到{short}现场走访，与{person}座谈交流。",
                    f"赴企业生产车间实地走访，听取{person}介绍近期经营情况。",
                    f"按季度走访计划上门服务，与企业{_title_of(ent, person)}{person}面对面交流。",
                )
            )
        elif kind == "ondemand":
            opener = rng.choice(
                (
                    f"应企业预约在园区企业服务中心提供定点服务，接待{person}。",
                    f"企业来电预约，在服务中心为{person}办理相关事项。",
                )
            )
        else:
            opener = f"开展企业经营情况调查，指导企业填报《{rng.choice(SURVEYS)}》。"
        parts = [opener]
        details = STAGE_DETAILS.get(stage) or STAGE_DETAILS["operation"]
        for t in rng.sample(details, k=min(2, len(details))):
            parts.append(_fill(t, rng, when))
        if policy is not None:
            parts.append(f"宣讲解读《{policy['title']}》，企业表示将按要求准备申报材料。")
        problems = (
            ""
            if rng.random() < 0.45
            else "；".join(_fill(p, rng, when) for p in rng.sample(PROBLEMS, k=rng.randint(1, 2))) + "。"
        )
        cat = rng.choice(list(DEPARTMENTS))
        follow = (
            _fill(rng.choice(FOLLOW_UPS), rng, when, dept=rng.choice(DEPARTMENTS[cat]))
            if problems
            else ("无需后续跟进。" if rng.random() < 0.5 else "下次走访时了解订单恢复情况。")
        )
        return "".join(parts), problems, follow

    def make_open_plans(self) -> None:
        """Planned visits: today, the rest of this week and later; overdue and cancelled ones."""
        rng = self.rng
        current: dict[int, list[_Ent]] = defaultdict(list)
        for e in self.ents:
            if e.status != "deregistered":
                current[e.current_owner].append(e)
        week_end = self.today + timedelta(days=6 - self.today.weekday())
        for s in self.field_staff:
            mine = current.get(s.idx) or [e for e in self.ents if e.current_owner == s.idx]
            if not mine:
                continue
            days: list[tuple[date, str]] = []
            days += [(self.today, "planned")] * rng.randint(1, 3)
            rest = (week_end - self.today).days
            for k in range(1, max(rest, 1) + 1):  # this week (and tomorrow when today is a Sunday)
                days += [(self.today + timedelta(days=k), "planned")] * rng.randint(0 if k > 1 else 1, 2)
            days += [
                (self.today + timedelta(days=rng.randint(7, 40)), "planned") for _ in range(rng.randint(3, 8))
            ]
            days += [(self.past_date(1, 25), "planned") for _ in range(rng.randint(2, 5))]  # overdue
            days += [(self.past_date(1, 90), "cancelled") for _ in range(rng.randint(1, 3))]
            days += [(self.today + timedelta(days=rng.randint(1, 20)), "cancelled")]
            for d, status in days:
                ent = rng.choice(mine)
                note = {
                    "cancelled": rng.choice(("企业负责人出差，改期走访", "临时参加开发区会议，取消本次走访")),
                    "planned": "",
                }[status]
                created = _at(min(d, self.today) - timedelta(days=rng.randint(3, 15)), 9)
                self.add(
                    "visitplan",
                    created,
                    staff_id=s.id,
                    enterprise_id=ent.id,
                    theme=rng.choice(PLAN_THEMES),
                    planned_date=d,
                    kind=rng.choices(("onsite", "ondemand", "survey"), weights=(75, 15, 10))[0],
                    status=status,
                    note=note,
                )

    # -- demands ----------------------------------------------------------------------------

    def make_demands(self) -> None:
        rng = self.rng
        t = self.tables["servicerecord"]
        # enterprises in the order of their first record (any status), each one's submitted originals
        # in generation order (drafts and amendments raise no demand): read back from the store
        query = text(DEMAND_SOURCES_SQL).columns(t.c.id, t.c.enterprise_id, t.c.staff_id, t.c.visit_at)
        ent_by_id = {e.id: e for e in self.ents}
        for row in self._read(query):
            ent = ent_by_id[row.enterprise_id]
            rec = (row.id, row.staff_id, row.visit_at)
            r = rng.random()
            if r < 0.06:
                self.demand(ent, rec, "demand")
            elif r < 0.066:
                self.demand(ent, rec, "complaint")
            elif r < 0.074:
                self.demand(ent, rec, "suggestion")
            if len(self.rows["demand"]) >= CHUNK // 5:  # with their events, about a record chunk's size
                self.flush("demand", "demandevent")
        # a few complaints by telephone, without a visit record
        for ent in rng.sample(self.ents, k=min(len(self.ents), max(3, self.n_ent // 60))):
            staff = self.staff[ent.current_owner]
            self.demand(
                ent, None, "complaint", staff=staff, collected=_at(self.past_date(1, 200), rng.randint(9, 17))
            )
        self.flush("demand", "demandevent")

    def demand_facts(self, staff_id: str) -> list[tuple[str, str, date | None, bool]]:
        """(state, kind, deadline, has an overdue explanation) of every demand of ``staff_id`` so far:
        the pending rows are written first, then read back from the store."""
        self.flush("demand", "demandevent")
        t = self.tables["demand"]
        query = select(t.c.state, t.c.kind, t.c.deadline, t.c.overdue_explanation).where(
            t.c.staff_id == staff_id
        )
        return [(r.state, r.kind, r.deadline, bool(r.overdue_explanation)) for r in self._read(query)]

    def demand(
        self,
        ent: _Ent,
        rec: tuple[str, str, datetime] | None,
        kind: str,
        *,
        staff: _Staff | None = None,
        collected: datetime | None = None,
        scenario: str | None = None,
    ) -> dict[str, Any]:
        rng = self.rng
        collected = collected or rec[2]  # type: ignore[index]
        if staff is None:
            staff = self.staff_by_id[rec[1]] if rec else self.staff[ent.current_owner]
        age = (self.now - collected).days
        if scenario is None:
            for bound, weights in SCENARIO_WEIGHTS:
                if age <= bound:
                    scenario = _weighted(rng, weights)
                    break
        assert scenario is not None
        if kind == "complaint":
            category, description = rng.choice(COMPLAINTS)
            if scenario.startswith("on_spot"):
                scenario = "closed"
        elif kind == "suggestion":
            category, description = rng.choice(SUGGESTIONS)
        else:
            category = rng.choice(list(DEMAND_TEXTS))
            description = _fill(rng.choice(DEMAND_TEXTS[category]), rng, collected.astimezone().date())
        urgency = (
            "urgent"
            if kind == "complaint" and rng.random() < 0.3
            else rng.choices(("low", "normal", "high", "urgent"), weights=(15, 60, 20, 5))[0]
        )
        steps = SCENARIOS[scenario]
        # time between steps, in hours; squeezed if the demand is younger than the path
        gaps = [0.0]
        for prev, st in zip(steps, steps[1:], strict=False):
            st = st.rstrip("*")
            gaps.append(
                {
                    "assigned": rng.uniform(2, 48),
                    "in_progress": rng.uniform(4, 72),
                    "reminded": rng.uniform(72, 24 * 20),
                    "feedback": rng.uniform(48, 24 * 25),
                    "collective_review": rng.uniform(24, 24 * 7),
                    "closed": rng.uniform(2, 24 * 5),
                    "archived": rng.uniform(24 * 5, 24 * 30),
                }[st]
                if prev != "collected" or st != "closed"
                else rng.uniform(0.2, 1.0)
            )
        budget = (self.now - collected).total_seconds() / 3600 - 0.5
        total = sum(gaps)
        if total > budget:
            factor = max(budget, 0.01) / total
            gaps = [g * factor for g in gaps]
        times: list[datetime] = []
        t = collected
        for g in gaps:
            t = t + timedelta(hours=g)
            times.append(t)
        demand_id = self.new_id()
        dept = rng.choice(DEPARTMENTS[category])
        deadline: date | None = None
        satisfaction: str | None = None
        closed_at: datetime | None = None
        sup = self.supervisor_ids[0]
        prev_state: str | None = None
        events: list[dict[str, Any]] = []
        for st_raw, at in zip(steps, times, strict=True):
            st = st_raw.rstrip("*")
            actor = staff.id
            note = ""
            if st == "collected":
                note = "走访时收集" if rec else "企业来电反映"
            elif st == "assigned":
                if deadline is not None:  # 再次交办: possibly to another department, with a new deadline
                    dept = rng.choice(DEPARTMENTS[category])
                deadline = (at + timedelta(days=URGENCY_DAYS[urgency])).astimezone().date()
                note = f"交办{dept}，办理时限{deadline.isoformat()}"
                actor = sup if prev_state == "collective_review" else staff.id
            elif st == "in_progress":
                note = f"{dept}已承办"
            elif st == "reminded":
                late = deadline is not None and at.astimezone().date() > deadline
                note = (
                    "已超过办理时限，督促承办部门尽快办结" if late else "临近办理时限，提醒承办部门加快办理"
                )
            elif st == "feedback":
                satisfaction = (
                    rng.choice(("unsatisfied", "very_unsatisfied"))
                    if st_raw.endswith("*")
                    else rng.choices(SATISFACTIONS[:3], weights=(45, 40, 15))[0]
                )
                note = f"已向企业反馈办理结果，企业评价：{SAT_LABEL[satisfaction]}"
            elif st == "collective_review":
                actor = sup
                note = "办理结果企业不满意，提交集中研判"
            elif st == "closed":
                closed_at = at
                if prev_state == "collected":
                    satisfaction = "very_satisfied"
                    note = "现场解答，当场解决"
                else:
                    note = "办结销号"
            elif st == "archived":
                actor = sup
                note = "资料完整，归档"
            events.append(
                {
                    "demand_id": demand_id,
                    "from_state": prev_state,
                    "to_state": st,
                    "actor_id": actor,
                    "at": at,
                    "note": note,
                }
            )
            prev_state = st
        state = prev_state or "collected"
        overdue_expl = ""
        if deadline is not None:
            end = closed_at.astimezone().date() if closed_at else self.today
            if end > deadline and (closed_at is not None or rng.random() < 0.5):
                overdue_expl = rng.choice(
                    (
                        "涉及跨部门协调，需市级部门审批，办理时间延长",
                        "企业补充材料时间较长，导致超期",
                        "需待用地指标下达后办理，已向企业说明",
                    )
                )
        row = self.add(
            "demand",
            collected,
            times[-1],
            id=demand_id,
            enterprise_id=ent.id,
            record_id=rec[0] if rec else None,
            staff_id=staff.id,
            kind=kind,
            category=category,
            description=description,
            urgency=urgency,
            state=state,
            department=dept if deadline else "",
            responsible_person=self.person() if deadline else "",
            deadline=deadline,
            collected_at=collected,
            closed_at=closed_at,
            satisfaction=satisfaction,
            overdue_explanation=overdue_expl,
            solved_on_spot=scenario.startswith("on_spot"),
            major=False,
        )
        for ev in events:
            self.add("demandevent", ev["at"], enterprise_id=ent.id, **ev)
        return row

    # -- proxy services ---------------------------------------------------------------------

    def make_proxies(self) -> None:
        rng = self.rng
        n = max(8, self.n_ent // 4)
        weights = [
            {"startup": 4, "construction": 5, "change": 2, "deregistration": 2}.get(e.stage, 1)
            for e in self.ents
        ]
        for k, ei in enumerate(rng.choices(range(len(self.ents)), weights=weights, k=n)):
            ent = self.ents[ei]
            status = (
                (["accepted", "in_progress", "completed"] + ["terminated"] * 5)[k]
                if k < 8
                else rng.choices(
                    ("accepted", "in_progress", "completed", "terminated"), weights=(10, 30, 52, 8)
                )[0]
            )
            self.proxy(ent, status, reason="abcde"[k - 3] if k < 8 and status == "terminated" else None)
            if len(self.rows["proxyservice"]) >= CHUNK // 5:
                self.flush("proxyservice", "proxymilestone", "evaluation")
        self.flush("proxyservice", "proxymilestone", "evaluation")

    def proxy(
        self, ent: _Ent, status: str, *, reason: str | None = None, staff: _Staff | None = None
    ) -> None:
        rng = self.rng
        stage = ent.stage
        item = rng.choice(PROXY_ITEMS.get(stage, PROXY_ITEMS["operation"]))
        age = {"accepted": (0, 10), "in_progress": (5, 60), "completed": (20, 600), "terminated": (20, 400)}[
            status
        ]
        accepted = self.past_date(*age)
        staff = staff or self.staff[ent.owner_on(accepted)]
        mode = "full" if rng.random() < 0.55 else "guidance"
        due = accepted + timedelta(days=rng.randint(15, 60))
        steps = list(PROXY_STEPS)
        n_done = {
            "accepted": rng.randint(0, 1),
            "in_progress": rng.randint(1, 3),
            "completed": len(steps),
            "terminated": rng.randint(1, 3),
        }[status]
        completed = None
        mids: list[dict[str, Any]] = []
        d = accepted
        for i, title in enumerate(steps):
            m_due = accepted + timedelta(days=(due - accepted).days * (i + 1) // len(steps))
            done = None
            if i < n_done:
                d = min(d + timedelta(days=rng.randint(1, 8)), self.today)
                done = d
            # 0-based as ProxyService.add_milestone writes them: the screens and forms number from 1
            mids.append({"seq": i, "title": title, "due_date": m_due, "done_on": done, "note": ""})
        if status == "completed":
            completed = d
        reason = reason or (rng.choice("abcde") if status == "terminated" else None)
        plan = (
            f"服务事项：{item}（{'全程代办' if mode == 'full' else '指导帮办'}）。\n"
            f"1. {accepted.isoformat()} 受理，与企业{ent.contact}确认办理需求；\n"
            f"2. 梳理材料清单，一次性告知企业；\n3. 代为提交并跟踪审批，预计{due.isoformat()}前办结。"
        )
        pid = self.new_id()
        self.add(
            "proxyservice",
            _at(accepted, 10),
            _at(completed or d, 16),
            id=pid,
            enterprise_id=ent.id,
            staff_id=staff.id,
            item=item,
            stage=stage,
            mode=mode,
            service_plan=plan,
            status=status,
            accepted_on=accepted,
            due_date=due,
            completed_on=completed,
            termination_reason=reason,
            termination_note=TERMINATION_NOTES[reason] if reason else "",
        )
        for m in mids:
            self.add("proxymilestone", _at(accepted, 11), proxy_id=pid, enterprise_id=ent.id, **m)
        if status == "completed" and rng.random() < 0.6:
            self.evaluation(ent, staff, stage, completed or self.today, proxy_id=pid)

    # -- policy applications, evaluations, assessments --------------------------------------

    def make_applications(self) -> None:
        rng = self.rng
        states = _DEMO_APPLICATION_STATES
        pushes: list[tuple[str, str, str, datetime]] = []  # made now, after the visits' pushes
        policy_by_id = {p["id"]: p for p in self.policy_rows}
        ent_by_id = {e.id: e for e in self.ents}
        # pushes outside a visit too (e.g. by telephone), for enterprises that fit the policy
        for ent in rng.sample(self.ents, k=min(len(self.ents), max(5, self.n_ent // 5))):
            fits = [p for p in self.policy_rows if self.policy_fits(p, ent)]
            if fits:
                pol = rng.choice(fits)
                at = _at(self.past_date(1, 300), rng.randint(9, 17))
                staff = self.staff[ent.owner_on(at.date())]
                self.add(
                    "policypush",
                    at,
                    policy_id=pol["id"],
                    enterprise_id=ent.id,
                    staff_id=staff.id,
                    record_id=None,
                    pushed_at=at,
                    note="电话告知政策要点",
                )
                pushes.append((pol["id"], ent.id, staff.id, at))
        # the visits' pushes (written with their records) read back in generation order, then these
        t = self.tables["policypush"]
        visits = select(t.c.policy_id, t.c.enterprise_id, t.c.staff_id, t.c.pushed_at).order_by(
            literal_column("policypush.rowid")
        )
        written = (tuple(r) for r in self._read(visits.where(t.c.record_id.is_not(None))))
        k = 0
        for policy_id, enterprise_id, staff_id, pushed_at in itertools.chain(written, pushes):
            if rng.random() > 0.35:
                continue
            pol = policy_by_id[policy_id]
            state = states[k] if k < len(states) else rng.choices(states, weights=(12, 12, 10, 20, 8, 38))[0]
            k += 1
            self.application(pol, ent_by_id[enterprise_id], staff_id, pushed_at.date(), state)
            if len(self.rows["policyapplication"]) >= CHUNK:
                self.flush("policyapplication")
        self.flush("policypush", "policyapplication")

    def application(self, pol: dict[str, Any], ent: _Ent, staff_id: str, since: date, state: str) -> None:
        rng = self.rng
        order = ["applied", "accepted", "preliminary", "approved", "redeemed"]
        steps = order[: order.index(state) + 1] if state in order else order[:3] + ["rejected"]
        d = min(since + timedelta(days=rng.randint(1, 20)), self.today)
        dates: dict[str, date] = {}
        for st in steps:
            dates[st] = d
            d = min(d + timedelta(days=rng.randint(3, 30)), self.today)
        amount = None
        if state in ("approved", "redeemed"):
            amount = float(rng.choice((2, 5, 10, 20, 30, 50, 100)))
        result = dates.get("approved") or dates.get("rejected")
        self.add(
            "policyapplication",
            _at(dates["applied"], 10),
            _at(max(dates.values()), 15),
            policy_id=pol["id"],
            enterprise_id=ent.id,
            staff_id=staff_id,
            state=state,
            applied_on=dates["applied"],
            accepted_on=dates.get("accepted"),
            preliminary_on=dates.get("preliminary"),
            result_on=result,
            redeemed_on=dates.get("redeemed"),
            amount=amount,
            note="材料不全，未通过初审后复核仍不符合条件" if state == "rejected" else "",
        )

    def evaluation(self, ent: _Ent, staff: _Staff, stage: str, on: date, proxy_id: str | None = None) -> None:
        rng = self.rng
        n = self.written["evaluation"] + len(self.rows["evaluation"])  # the first five cover every level
        level = (
            SATISFACTIONS[n]
            if n < len(SATISFACTIONS)
            else rng.choices(SATISFACTIONS, weights=(40, 35, 15, 7, 3))[0]
        )
        score = SAT_SCORE[level]
        dims = {
            d.code: max(1, min(5, score + rng.choice((-1, 0, 0, 0, 1))))
            for d in self.ref.evaluation_dimensions
        }
        self.add(
            "evaluation",
            _at(on, 16),
            enterprise_id=ent.id,
            staff_id=staff.id,
            stage=stage,
            level=level,
            dimensions=dims,
            comment=rng.choice(EVAL_COMMENTS[score]),
            evaluated_on=on,
            proxy_id=proxy_id,
        )

    def make_evaluations(self) -> None:
        rng = self.rng
        for ent in self.ents:
            pos = STAGE_ORDER.index(ent.stage) if ent.stage in STAGE_ORDER else 0
            # one evaluation per completed stage, for about a third of the enterprises
            if pos > 0 and rng.random() < 0.35:
                for done_stage in STAGE_ORDER[max(0, pos - 2) : pos]:
                    on = self.past_date(20, 500)
                    self.evaluation(ent, self.staff[ent.owner_on(on)], done_stage, on)
            if len(self.rows["evaluation"]) >= CHUNK:
                self.flush("evaluation")
        self.flush("evaluation")

    def make_assessments(self) -> None:
        rng = self.rng
        sup = self.supervisor_ids[0]
        q_start = date(self.today.year, (self.today.month - 1) // 3 * 3 + 1, 1)
        periods = []
        end = q_start - timedelta(days=1)
        for _ in range(4):
            start = date(end.year, (end.month - 1) // 3 * 3 + 1, 1)
            periods.append((start, end))
            end = start - timedelta(days=1)
        sources = ("daily_check", "daily_check", "enterprise", "peer", "self", "third_party")
        for s in self.field_staff:
            for k, (start, end) in enumerate(periods):
                eff, att, sat = (round(rng.uniform(68, 98), 1) for _ in range(3))
                self.add(
                    "assessment",
                    _at(end + timedelta(days=rng.randint(3, 15)), 10),
                    staff_id=s.id,
                    assessor_id=sup,
                    period_start=start,
                    period_end=end,
                    effect_score=eff,
                    attitude_score=att,
                    satisfaction_score=sat,
                    total_score=round(0.4 * eff + 0.3 * att + 0.3 * sat, 1),
                    source=sources[(s.idx + k) % len(sources)],
                    comment=rng.choice(
                        (
                            "走访计划完成较好",
                            "诉求办理及时",
                            "台账记录规范",
                            "需加强政策宣讲",
                            "企业评价较高",
                            "",
                        )
                    ),
                )

    # -- coverage for the demo login --------------------------------------------------------

    def ensure_coverage(self, login: str) -> None:
        """Make sure the demo user (and so the dataset) has every demand state, every proxy status
        and termination reason, every application state, overdue demands with and without an
        explanation, complaints and suggestions."""
        staff = next(s for s in self.staff if s.login == login)
        mine = [e for e in self.ents if e.current_owner == staff.idx] or self.ents[:1]
        rng = self.rng
        have = {state for state, _k, _d, _e in self.demand_facts(staff.id)}
        for state in [s.value for s in DemandState if s.value not in have]:
            age = {"collected": 1, "assigned": 2}.get(state, rng.randint(20, 50))
            at = _at(self.today - timedelta(days=age), 10)
            if at > self.now:
                at = self.now - timedelta(hours=3)
            self.demand(
                rng.choice(mine),
                None,
                "demand",
                staff=staff,
                collected=at,
                scenario=SCENARIO_FOR_STATE[state],
            )
        mine_d = self.demand_facts(staff.id)
        open_overdue = [
            f for f in mine_d if f[0] not in ("closed", "archived") and f[2] and f[2] < self.today
        ]
        for with_expl in (True, False):
            if not any(f[3] == with_expl for f in open_overdue):
                row = self.demand(
                    rng.choice(mine),
                    None,
                    "demand",
                    staff=staff,
                    collected=_at(self.past_date(40, 60), 10),
                    scenario="in_progress",
                )
                row["overdue_explanation"] = (
                    "涉及跨部门协调，需市级部门审批，办理时间延长" if with_expl else ""
                )
        for kind in ("complaint", "suggestion"):
            if not any(f[1] == kind for f in mine_d):
                self.demand(
                    rng.choice(mine), None, kind, staff=staff, collected=_at(self.past_date(10, 30), 10)
                )
        self.flush("proxyservice", "proxymilestone", "policyapplication")
        have_p = {status for sid, status in self.proxy_status if sid == staff.id}
        for status in [s.value for s in ProxyStatus if s.value not in have_p]:
            self.proxy(rng.choice(mine), status, staff=staff)
        self.flush("proxyservice", "proxymilestone")
        have_r = set(self.proxy_reasons)
        for reason in "abcde":
            if reason not in have_r:
                self.proxy(rng.choice(mine), "terminated", reason=reason, staff=staff)
        have_a = {state for sid, state in self.application_states if sid == staff.id}
        for state in [s for s in _DEMO_APPLICATION_STATES if s not in have_a]:
            ent = rng.choice(mine)
            pol = rng.choice(self.policy_rows)
            at = _at(self.past_date(30, 120), 10)
            self.add(
                "policypush",
                at,
                policy_id=pol["id"],
                enterprise_id=ent.id,
                staff_id=staff.id,
                record_id=None,
                pushed_at=at,
                note="电话告知政策要点",
            )
            self.application(pol, ent, staff.id, at.date(), state)

    def richest_login(self) -> str:
        score: Counter[str] = Counter(self.written_score)
        for table in _SCORED:
            for r in self.rows[table]:
                score[r["staff_id"]] += 1
        field = {s.id: s.login for s in self.field_staff}
        best = max(field, key=lambda sid: (score[sid], sid))
        return field[best]

    # -- run --------------------------------------------------------------------------------

    def build(self) -> str:
        self.make_zone_and_staff()
        self.make_enterprises()
        self.make_policies()
        self.make_records()
        self.make_open_plans()
        self.make_demands()
        self.make_proxies()
        self.make_applications()
        self.make_evaluations()
        self.make_assessments()
        login = self.richest_login()
        self.ensure_coverage(login)
        # said once the demo login's coverage is added too: the summary line says the same numbers
        self.say(
            QT_TRANSLATE_NOOP("Demo", "诉求：{n} 条"), n=self.written["demand"] + len(self.rows["demand"])
        )
        self.say(
            QT_TRANSLATE_NOOP("Demo", "帮办代办：{n} 项"),
            n=self.written["proxyservice"] + len(self.rows["proxyservice"]),
        )
        self.say(
            QT_TRANSLATE_NOOP("Demo", "服务评价：{n} 条"),
            n=self.written["evaluation"] + len(self.rows["evaluation"]),
        )
        return login


#: insert order (foreign keys are on)
TABLES: tuple[type[Any], ...] = (
    Zone,
    Staff,
    Enterprise,
    Assignment,
    Policy,
    VisitPlan,
    ServiceRecord,
    PolicyPush,
    Demand,
    DemandEvent,
    ProxyService,
    ProxyMilestone,
    PolicyApplication,
    Evaluation,
    Assessment,
    Attachment,
)


#: what a chunk of service records brings along (written with them, in this order)
_RECORD_TABLES = ("visitplan", "servicerecord", "policypush", "attachment")
#: the rows that count towards the demo login's choice (the field worker with the most work)
_SCORED = ("servicerecord", "demand", "proxyservice", "visitplan", "policypush")
#: on-site visits of the last this-many days carry the representative's signature
SIGNED_DAYS = 120


def give_back_memory() -> None:
    """Hand the heap freed by a written chunk back to the system (glibc keeps it otherwise: ~80 MB
    after a 2,000-enterprise build, still counted in the process's memory while the store is then
    encrypted and its keys derived with argon2id's 64 MiB). A no-op where there is no glibc."""
    global _malloc_trim
    if _malloc_trim is None:
        try:
            import ctypes

            _malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)


_malloc_trim: Any = None


def _chunks(rows: list[_T], size: int) -> Iterable[list[_T]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def generate(
    engine: Engine,
    *,
    enterprises: int = 300,
    seed: int = 1,
    records: int | None = None,
    progress: Progress | None = None,
    key: bytes | None = None,
) -> DemoSummary:
    """Write a demo zone into an empty store and return what was written.

    ``records`` defaults to 20 service records per enterprise. Raises :class:`DemoError` when the
    store already holds staff (demo data is only written into an empty data folder).
    """
    t0 = _time.perf_counter()
    if enterprises < 1:
        raise DemoError(QT_TRANSLATE_NOOP("Demo", "企业数量至少为1"))
    n_records = 20 * enterprises if records is None else max(0, records)
    with Session(engine) as session:
        if session.execute(select(func.count()).select_from(Staff)).scalar_one():
            raise DemoError(QT_TRANSLATE_NOOP("Demo", "数据库中已有数据，演示数据只能写入空的数据目录"))
    gen = _Generator(seed, enterprises, n_records, local_today(), progress)
    with Session(engine) as session:
        conn = session.connection()
        sqlite = conn.dialect.name == "sqlite"
        indexes: list[tuple[str, str]] = []
        if sqlite:
            conn.exec_driver_sql("PRAGMA cache_size=-65536")  # 64 MB while loading
            # sorts (the demands' read-back in record order, the indexes rebuilt at the end) spill to
            # temporary files instead of memory, where SQLCipher's build (SQLITE_TEMP_STORE=2) keeps
            # them by default: ~100 MB at 30,000 enterprises. The store is plaintext while it is built.
            conn.exec_driver_sql("PRAGMA temp_store=FILE")
            # Secondary indexes are rebuilt once after the load instead of being updated row by row at
            # random places (random UUID keys): the same index definitions, in the same transaction.
            # Python's sqlite3 runs DDL outside a transaction (each DROP INDEX would commit at once,
            # and a kill or a full disk later would leave a store without indexes for good), so the
            # transaction is begun here, explicitly, before the first DROP INDEX.
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            indexes = store_indexes.definitions(conn)
            for name, _sql in indexes:
                conn.exec_driver_sql(f'DROP INDEX IF EXISTS "{name}"')
            # the board's triggers would look every row's enterprise up without those indexes
            for sql in [*board_index.drop_trigger_statements(), *board_tally.drop_trigger_statements()]:
                conn.exec_driver_sql(sql)
        tables = {m.__table__.name: m.__table__ for m in TABLES}

        def sink(name: str, rows: list[dict[str, Any]]) -> None:
            table = tables[name]
            if sqlite:
                _insert_rows(conn, table, rows)
            else:
                for chunk in _chunks(rows, CHUNK):
                    session.execute(insert(table), chunk)
            if name == "enterprise":
                _audit_enterprises(session, rows)

        def read(query: Any) -> Iterable[Any]:
            result = conn.execute(query)  # pysqlite steps its cursor as rows are fetched
            while batch := result.fetchmany(CHUNK):
                yield from batch

        # the rows are generated and written chunk by chunk in this one transaction
        gen.sink, gen.read = sink, read
        login = gen.build()
        gen.say(QT_TRANSLATE_NOOP("Demo", "正在写入数据库…"))
        gen.flush()
        counts = {m.__table__.name: gen.written[m.__table__.name] for m in TABLES}
        for _name, sql in indexes:
            conn.exec_driver_sql(sql)
        if sqlite:  # the full-text index, built once from the loaded rows (the triggers queued each)
            search_index.rebuild(conn)
            for sql in board_index.create_trigger_statements():  # the board's facts, also built once
                conn.exec_driver_sql(sql)
            board_index.rebuild(conn)
            for sql in board_tally.create_trigger_statements():  # the board's counts per day, likewise
                conn.exec_driver_sql(sql)
            board_tally.rebuild(conn)
        for meta_key, value in (("demo", "1"), ("demo_login", login)):
            session.merge(SyncMeta(key=meta_key, value=value))
        _set_demo_passwords(session, gen, login)
        # the files first (encrypted with the store's key, each fsynced): a committed row never names a missing one
        _write_signatures(engine, gen.signatures, key)
        session.commit()
        conn = session.connection()
        conn.exec_driver_sql("PRAGMA cache_size=-2000")  # back to the default for the pooled connection
        conn.exec_driver_sql("PRAGMA temp_store=DEFAULT")
        session.commit()
    analyze(engine, full=True)  # exact statistics for the planner, now that the tables are full
    summary = DemoSummary(counts=counts, demo_login=login, seconds=_time.perf_counter() - t0)
    del gen, sink, read  # the generator's enterprises, staff and policies: freed, and handed back
    gc.collect()
    give_back_memory()
    return summary


def _audit_enterprises(session: Session, rows: list[dict[str, Any]]) -> None:
    """One "create" audit entry per demo enterprise, so its History tab tells where it came from."""
    from fieldkit.models import AuditLog, table_name

    from .store import to_json

    skip = {"server_version", "updated_at", "name_pinyin", "name_initials"}
    entries = [
        {
            "id": new_id_for(r["id"]),
            "table_name": "enterprise",
            "row_id": r["id"],
            "action": "create",
            "actor_id": None,
            "device_id": "demo",
            "at": r["created_at"],
            "old_values": None,
            "new_values": {k: to_json(v) for k, v in r.items() if k not in skip},
        }
        for r in rows
    ]
    for chunk in _chunks(entries, CHUNK):
        session.execute(insert(AuditLog.metadata.tables[table_name(AuditLog)]), chunk)


def signature_png(rng: random.Random, width: int = 360, height: int = 120) -> bytes:
    """A handwritten-looking signature (a few smooth strokes) as a grayscale PNG, drawn without Qt."""
    import math
    import struct
    import zlib

    pixels = bytearray([255]) * (width * height)
    x = rng.uniform(20, 40)
    for _stroke in range(rng.randint(3, 5)):
        length = rng.uniform(50, 110)
        base = rng.uniform(height * 0.35, height * 0.65)
        amp, freq, phase = rng.uniform(10, 28), rng.uniform(0.05, 0.14), rng.uniform(0, 6.3)
        loop = rng.uniform(6, 16)
        prev: tuple[float, float] | None = None
        for i in range(int(length * 3)):
            t = i / 3
            px = x + t + loop * math.sin(t * freq * 2.3 + phase)
            py = base + amp * math.sin(t * freq + phase) + loop * math.cos(t * freq * 2.3 + phase) * 0.6
            if prev is not None:  # fill the gap to the previous point, 2 px thick
                steps = int(max(abs(px - prev[0]), abs(py - prev[1]))) + 1
                for k in range(steps + 1):
                    qx = prev[0] + (px - prev[0]) * k / steps
                    qy = prev[1] + (py - prev[1]) * k / steps
                    for dx, dy in ((0, 0), (1, 0), (0, 1), (1, 1)):
                        cx, cy = int(qx) + dx, int(qy) + dy
                        if 0 <= cx < width and 0 <= cy < height:
                            pixels[cy * width + cx] = 30
            prev = (px, py)
        x += length + rng.uniform(8, 24)
        if x > width - 60:
            break
    raw = b"".join(b"\x00" + bytes(pixels[r * width : (r + 1) * width]) for r in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def _write_signatures(engine: Engine, signatures: dict[str, bytes], key: bytes | None = None) -> None:
    """Put the signature files where AttachmentService looks for them (beside the store), encrypted
    with the store's key, each flushed to disk (written whole or not at all: temporary file,
    fsync, rename, folder fsync) before the rows that name them are committed."""
    from pathlib import Path

    from fieldkit.config import attachments_dir

    from .attachments import AttachmentService
    from .store import SYSTEM

    db = engine.url.database
    if not db:
        return

    files = AttachmentService(SYSTEM, attachments_dir(Path(db).parent), key)
    for data in signatures.values():
        files.store_bytes(data)  # encrypted with the store's key, written whole or not at all


def new_id_for(row_id: str) -> str:
    """A deterministic audit id derived from the row id (demo runs stay reproducible)."""
    import hashlib

    return hashlib.sha256(("audit:" + row_id).encode()).hexdigest()[:32]


def _insert_rows(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    """executemany straight to the driver, values converted by the columns' own SQLAlchemy bind
    processors for this dialect: the stored bytes are those of ``insert(table)`` (datetimes in the one
    UTC text form of ``UTCDateTime``), without its per-row overhead."""
    dialect = conn.dialect
    quote = dialect.identifier_preparer.quote
    procs = [(c.name, c.type.dialect_impl(dialect).bind_processor(dialect)) for c in table.columns]
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n, _p in procs)}) "
        f"VALUES ({', '.join('?' for _ in procs)})"
    )
    defaults = _model_defaults(table.name)  # a column the generator does not fill takes the model's default
    for chunk in _chunks(rows, CHUNK * 4):
        conn.exec_driver_sql(
            sql,
            [
                tuple(
                    p(r[n] if n in r else defaults.get(n)) if p else (r[n] if n in r else defaults.get(n))
                    for n, p in procs
                )
                for r in chunk
            ],
        )


def _model_defaults(table_name: str) -> dict[str, Any]:
    """The default value of each field of the model of ``table_name`` (its default factory called)."""
    model = next((m for m in TABLES if m.__table__.name == table_name), None)
    if model is None:
        return {}
    return {
        name: info.get_default(call_default_factory=True)
        for name, info in model.model_fields.items()
        if not info.is_required()
    }


def _set_demo_passwords(session: Session, gen: _Generator, login: str) -> None:
    """Local passwords for the demo logins (one per specialist type, the supervisor, the admin)."""
    from .auth import set_password

    chosen: dict[str, _Staff] = {}
    for s in gen.staff:
        if s.login in (login, SUPERVISOR_LOGIN, ADMIN_LOGIN, DEMO_LOGIN):
            chosen[s.login] = s
        elif s.role == "assistant" and s.specialist_type not in {c.specialist_type for c in chosen.values()}:
            chosen[s.login] = s
    for s in chosen.values():
        set_password(session, s.login, s.id, DEMO_PASSWORD)
