"""Invented demonstration data for the ``seed_demo`` management command.

Pure Python data, no Django imports. Everything here is made up for the demo: the offices,
their addresses and telephone numbers are generic inventions, and no real person is named.
The matter guide follows everyday notarial practice in a large Chinese city, but the fees and
lists of materials are illustrative, not an official schedule.
"""

from __future__ import annotations

__all__ = [
    "DISTRICTS",
    "EXEMPTIONS",
    "GIVEN_NAME_CHARS",
    "LEGAL_AID_CASE_KINDS",
    "LEGAL_AID_CENTRES",
    "LEGAL_AID_HARDSHIP_STANDARD",
    "MATTERS",
    "MATTER_CATEGORIES",
    "OFFICES",
    "SURNAMES",
    "WORKING_WEEKS",
]

# ---------------------------------------------------------------------------
# Districts (slug, name_zh, name_en), in the usual order
# ---------------------------------------------------------------------------

DISTRICTS: list[tuple[str, str, str]] = [
    ("dongcheng", "东城区", "Dongcheng District"),
    ("xicheng", "西城区", "Xicheng District"),
    ("chaoyang", "朝阳区", "Chaoyang District"),
    ("haidian", "海淀区", "Haidian District"),
    ("fengtai", "丰台区", "Fengtai District"),
    ("shijingshan", "石景山区", "Shijingshan District"),
    ("mentougou", "门头沟区", "Mentougou District"),
    ("fangshan", "房山区", "Fangshan District"),
    ("tongzhou", "通州区", "Tongzhou District"),
    ("shunyi", "顺义区", "Shunyi District"),
    ("changping", "昌平区", "Changping District"),
    ("daxing", "大兴区", "Daxing District"),
    ("huairou", "怀柔区", "Huairou District"),
    ("pinggu", "平谷区", "Pinggu District"),
    ("miyun", "密云区", "Miyun District"),
    ("yanqing", "延庆区", "Yanqing District"),
]

# ---------------------------------------------------------------------------
# Matter categories (slug, name_zh, name_en), in display order
# ---------------------------------------------------------------------------

MATTER_CATEGORIES: list[tuple[str, str, str]] = [
    ("family-and-inheritance", "婚姻家庭与继承", "Marriage, family and inheritance"),
    ("property", "房产与财产", "Property and assets"),
    ("civil-status", "身份与民事状况", "Identity and civil status"),
    ("education-and-work", "学历与工作", "Education and work"),
    ("contracts-and-business", "合同与企业", "Contracts and business"),
    ("powers-and-declarations", "委托与声明", "Powers of attorney and declarations"),
    ("evidence-preservation", "证据保全", "Evidence preservation"),
    ("guardianship", "监护", "Guardianship"),
    ("supervision-and-deposits", "现场监督与提存", "On-site supervision and deposits"),
]

# ---------------------------------------------------------------------------
# Fee exemptions (code, name_zh, name_en, description_zh, description_en)
# ---------------------------------------------------------------------------

EXEMPTIONS: list[tuple[str, str, str, str, str]] = [
    (
        "elderly-will",
        "七十周岁以上老人办理遗嘱免费",
        "Free wills for people aged 70 or over",
        "在预约办理当天已年满七十周岁的老人，办理遗嘱公证免收公证费。请带上居民身份证，公证员会当场核对年龄。",
        "If you are 70 or older on the day of your appointment, you pay no fee for notarizing your will. "
        "Bring your resident identity card so the notary can check your age.",
    ),
    (
        "minimum-allowance",
        "最低生活保障对象免费",
        "Free for recipients of the minimum living allowance",
        "正在领取城乡居民最低生活保障（低保）的人员，办理本事项免收公证费。请带上低保证或民政部门出具的证明。",
        "If you currently receive the minimum living allowance (dibao), you pay no notary fee for this matter. "
        "Bring your allowance card or a certificate from the civil affairs office.",
    ),
    (
        "severe-disability",
        "无固定生活来源的重度残疾人免费",
        "Free for severely disabled people with no fixed source of livelihood",
        "持有一级或二级残疾人证、并且没有固定生活来源的人员，办理本事项免收公证费。"
        "请带上残疾人证，以及街道办事处或乡镇政府出具的无固定生活来源证明。",
        "If you hold a grade 1 or grade 2 disability certificate (severe disability) and have no fixed source of livelihood, "
        "you pay no notary fee for this matter. Bring your disability certificate and a letter from your sub-district office "
        "or township government confirming that you have no fixed income.",
    ),
    (
        "relief-purpose",
        "用于申领救济或追索赡养、扶养、抚养费的免费",
        "Free when used to claim relief or family support",
        "公证书用于申领抚恤金、救济金、最低生活保障，或者用于追索赡养费、扶养费、抚养费的，免收公证费。"
        "申请时请说明用途，必要时请提供有关部门或法院的材料。",
        "You pay no fee if the notarial certificate will be used to apply for a survivor's pension, relief funds or the "
        "minimum living allowance, or to claim support for an elderly parent, a spouse or a child. Tell us the purpose "
        "when you apply; we may ask for a document from the office or court concerned.",
    ),
]

# ---------------------------------------------------------------------------
# Helpers for the matter guide (private; they only build plain dicts)
# ---------------------------------------------------------------------------

_LIVELIHOOD = ("minimum-allowance", "severe-disability")
_RELIEF = ("minimum-allowance", "severe-disability", "relief-purpose")
_WILL = ("elderly-will", "minimum-allowance", "severe-disability")


def _ex(codes: tuple[str, ...]) -> list[str]:
    return list(codes)


def _item(
    name_zh: str,
    name_en: str,
    form: str = "original_and_copy",
    copies: int = 1,
    provider: str = "applicant",
    commitment: bool = False,
    note_zh: str = "",
    note_en: str = "",
    verify: str = "",
) -> dict:
    return {
        # The data link that can confirm it instead of the paper (notaries VerificationKind).
        "verification_kind": verify,
        "name_zh": name_zh,
        "name_en": name_en,
        "form": form,
        "copies": copies,
        "provider": provider,
        "commitment_allowed": commitment,
        "note_zh": note_zh,
        "note_en": note_en,
    }


def _applicant_id(note_zh: str = "", note_en: str = "") -> dict:
    return _item(
        "申请人居民身份证",
        "Applicant's resident identity card",
        note_zh=note_zh,
        note_en=note_en,
        verify="identity",
    )


def _applicant_hukou() -> dict:
    return _item(
        "申请人户口簿", "Applicant's household register (hukou booklet)", verify="household"
    )


def _party_ids() -> dict:
    return _item(
        "各方当事人的居民身份证", "Resident identity card of each party", provider="each_party"
    )


def _party_hukou() -> dict:
    return _item(
        "各方当事人的户口簿",
        "Household register (hukou booklet) of each party",
        provider="each_party",
    )


def _photos(copies: int = 2) -> dict:
    return _item(
        "近期二寸免冠彩色照片",
        "Recent two-inch colour photos, without a hat",
        form="original",
        copies=copies,
    )


def _agent() -> dict:
    return _item(
        "代办人的居民身份证和申请人签署的委托书",
        "The agent's resident identity card and a power of attorney signed by the applicant",
        provider="agent",
        note_zh="仅在委托他人代办时提供",
        note_en="Only if someone else applies for you",
    )


def _marital_proof(whose_zh: str = "申请人", whose_en: str = "Applicant's") -> dict:
    return _item(
        f"{whose_zh}婚姻状况证明（结婚证、离婚证或配偶死亡证明）",
        f"{whose_en} proof of marital status (marriage certificate, divorce certificate or spouse's death certificate)",
        commitment=True,
        note_zh="承诺内容由公证处核实",
        note_en="The office checks what you commit to",
        verify="marital",
    )


def _death_proof() -> dict:
    return _item(
        "去世者的死亡证明（医学死亡证明、户口注销证明或火化证明）",
        "Proof of the deceased person's death (medical death certificate, cancelled household registration or cremation certificate)",
    )


def _kinship_proof(provider: str = "applicant") -> dict:
    return _item(
        "亲属关系证明（户口簿、人事档案、出生医学证明或派出所证明等）",
        "Proof of family relationship (household register, personnel file, birth certificate or a letter from the police station)",
        provider=provider,
        commitment=True,
        note_zh="承诺内容由公证处核实",
        note_en="The office checks what you commit to",
    )


def _property_proof(note_zh: str = "", note_en: str = "") -> dict:
    return _item(
        "财产权属证明（不动产权证书、存款凭证、车辆登记证书等）",
        "Proof of ownership of the property (real estate title certificate, deposit slips, vehicle registration certificate, etc.)",
        note_zh=note_zh,
        note_en=note_en,
    )


def _deed() -> dict:
    return _item(
        "不动产权证书（房产证）",
        "Real estate title certificate (property deed)",
        verify="real_estate",
    )


def _draft(copies: int = 3, what_zh: str = "协议", what_en: str = "agreement") -> dict:
    return _item(
        f"{what_zh}文本（如已拟好）",
        f"Text of the {what_en} (if already drafted)",
        form="original",
        copies=copies,
        provider="each_party",
        note_zh="没有文本的，公证员可以协助起草",
        note_en="If you have none, the notary can help you draft it",
    )


def _by_value(what_zh: str, what_en: str, minimum: int) -> tuple[str, str]:
    return (
        f"按{what_zh}分段累进收费，价值越高的部分费率越低；每件最低{minimum}元",
        f"Charged on {what_en} in tiered bands, with lower rates on the higher bands; minimum {minimum} yuan per matter",
    )


def _per_item(amount: int) -> tuple[str, str]:
    return (f"每件{amount}元", f"{amount} yuan per matter")


def _matter(
    code: str,
    category: str,
    name_zh: str,
    name_en: str,
    description_zh: str,
    description_en: str,
    *,
    once: bool,
    days: int,
    minutes: int,
    fee: int,
    basis: tuple[str, str],
    exemptions: tuple[str, ...],
    materials: list[dict],
) -> dict:
    return {
        "code": code,
        "category": category,
        "name_zh": name_zh,
        "name_en": name_en,
        "description_zh": description_zh,
        "description_en": description_en,
        "run_at_most_once": once,
        "processing_days": days,
        "appointment_minutes": minutes,
        "fee_amount": f"{fee}.00",
        "fee_basis_zh": basis[0],
        "fee_basis_en": basis[1],
        "exemptions": _ex(exemptions),
        "materials": materials,
    }


_ESTATE = _by_value("遗产价值", "the value of the estate", 200)

# ---------------------------------------------------------------------------
# Matters
# ---------------------------------------------------------------------------

MATTERS: list[dict] = [
    # --- Marriage, family and inheritance -------------------------------------------------
    _matter(
        "will",
        "family-and-inheritance",
        "遗嘱公证",
        "Will",
        "把自己去世后房产、存款等财产留给谁、怎样分配写成遗嘱，由公证员当面见证并出具公证书。"
        "本人必须亲自到场，不能委托他人代办。",
        "Put in writing who will receive your home, savings and other property after your death, and how it is shared out. "
        "A notary witnesses it in person and issues a certificate. You must come yourself; no one can do this for you.",
        once=True,
        days=5,
        minutes=60,
        fee=300,
        basis=("每份遗嘱300元", "300 yuan per will"),
        exemptions=_WILL,
        materials=[
            _item(
                "立遗嘱人居民身份证",
                "Resident identity card of the person making the will",
                verify="identity",
            ),
            _item(
                "立遗嘱人户口簿", "Household register (hukou booklet) of the person making the will"
            ),
            _property_proof(
                note_zh="遗嘱要处分的每一项财产都需要提供",
                note_en="One for each item of property the will deals with",
            ),
            _marital_proof("立遗嘱人", "The will-maker's"),
            _item(
                "遗嘱草稿（如已写好）",
                "Draft of the will (if already written)",
                form="original",
                note_zh="没有草稿的，公证员可以协助起草",
                note_en="If you have none, the notary can help you draft it",
            ),
        ],
    ),
    _matter(
        "will-amendment",
        "family-and-inheritance",
        "变更遗嘱公证",
        "Amendment of a will",
        "修改以前立下的遗嘱，例如改变财产的分配方式或增加新的财产。本人必须亲自到场。",
        "Change a will you made earlier, for example how your property is shared out, or add new property to it. "
        "You must come yourself.",
        once=True,
        days=5,
        minutes=45,
        fee=200,
        basis=("每份200元", "200 yuan per amendment"),
        exemptions=_WILL,
        materials=[
            _item(
                "立遗嘱人居民身份证",
                "Resident identity card of the person making the will",
                verify="identity",
            ),
            _item(
                "原遗嘱或原遗嘱公证书",
                "The earlier will or its notarial certificate",
                note_zh="原遗嘱没有办过公证的，也请带来",
                note_en="Bring it even if the earlier will was not notarized",
            ),
            _property_proof(
                note_zh="只需提供本次变更涉及的财产",
                note_en="Only for the property affected by the change",
            ),
        ],
    ),
    _matter(
        "will-revocation",
        "family-and-inheritance",
        "撤销遗嘱公证",
        "Revocation of a will",
        "宣布以前立下的遗嘱作废，不再按它分配财产。本人必须亲自到场。",
        "Cancel a will you made earlier so that it no longer decides who gets your property. You must come yourself.",
        once=True,
        days=5,
        minutes=30,
        fee=200,
        basis=("每份200元", "200 yuan per revocation"),
        exemptions=_WILL,
        materials=[
            _item(
                "立遗嘱人居民身份证",
                "Resident identity card of the person making the will",
                verify="identity",
            ),
            _item(
                "原遗嘱或原遗嘱公证书",
                "The earlier will or its notarial certificate",
                note_zh="原件找不到的，请提供复印件或说明办理的公证处",
                note_en="If the original is lost, bring a copy or tell us which office notarized it",
            ),
        ],
    ),
    _matter(
        "inheritance",
        "family-and-inheritance",
        "法定继承公证",
        "Statutory inheritance",
        "亲人去世时没有留下遗嘱的，由法定继承人按照法律规定的顺序和份额继承房产、存款等遗产。"
        "所有继承人都要到场或委托他人参加，继承人较多时可能需要分几次办理。",
        "When a relative dies without a will, the legal heirs inherit the home, savings and other property in the order "
        "and shares set by law. Every heir must attend or send someone with a power of attorney; with many heirs it may "
        "take more than one visit.",
        once=False,
        days=15,
        minutes=60,
        fee=200,
        basis=_ESTATE,
        exemptions=_LIVELIHOOD,
        materials=[
            _death_proof(),
            _item(
                "每位继承人的居民身份证和户口簿",
                "Resident identity card and household register of each heir",
                provider="heirs",
            ),
            _kinship_proof(provider="heirs"),
            _marital_proof("去世者的", "The deceased person's"),
            _item(
                "去世者父母的死亡证明（如父母已去世）",
                "Death certificates of the deceased person's parents (if they have died)",
                provider="heirs",
                note_zh="父母仍健在的，也是继承人，须一同办理",
                note_en="A parent who is still alive is also an heir and must take part",
            ),
            _property_proof(
                note_zh="遗产的每一项都需要提供", note_en="One for each item in the estate"
            ),
            _item(
                "不能到场的继承人出具的经公证的委托书",
                "Notarized power of attorney from any heir who cannot attend",
                form="original",
                provider="agent",
                note_zh="在境外的继承人，委托书须经当地公证或使领馆认证",
                note_en="An heir living abroad must have it notarized locally or certified by a Chinese embassy or consulate",
            ),
        ],
    ),
    _matter(
        "inheritance-by-will",
        "family-and-inheritance",
        "遗嘱继承公证",
        "Inheritance under a will",
        "亲人去世前立有遗嘱的，遗嘱中指定的继承人按照遗嘱继承遗产。公证员会核实遗嘱是否有效，再出具继承公证书。",
        "When a relative leaves a will, the heirs named in it inherit as the will says. The notary checks that the will is "
        "valid and then issues an inheritance certificate.",
        once=True,
        days=15,
        minutes=60,
        fee=200,
        basis=_ESTATE,
        exemptions=_LIVELIHOOD,
        materials=[
            _item(
                "遗嘱原件或遗嘱公证书",
                "The original will or its notarial certificate",
                form="original",
            ),
            _death_proof(),
            _item(
                "遗嘱继承人的居民身份证和户口簿",
                "Resident identity card and household register of each heir named in the will",
                provider="heirs",
            ),
            _kinship_proof(provider="heirs"),
            _property_proof(
                note_zh="遗嘱涉及的每一项财产都需要提供",
                note_en="One for each item of property in the will",
            ),
        ],
    ),
    _matter(
        "inheritance-renunciation",
        "family-and-inheritance",
        "放弃继承权声明公证",
        "Renunciation of inheritance",
        "继承人自愿放弃继承某位去世亲人的遗产，签署声明并办理公证，常在其他继承人办理继承前使用。",
        "An heir freely gives up their share of a deceased relative's estate by signing a notarized statement, usually "
        "before the other heirs complete the inheritance.",
        once=True,
        days=5,
        minutes=30,
        fee=200,
        basis=_per_item(200),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item(
                "去世者的死亡证明复印件",
                "Copy of the proof of the deceased person's death",
                form="copy",
            ),
            _kinship_proof(),
            _item(
                "遗产清单或财产权属证明复印件",
                "List of the estate or copies of the ownership documents",
                form="copy",
            ),
        ],
    ),
    _matter(
        "bequest-acceptance",
        "family-and-inheritance",
        "接受遗赠声明公证",
        "Acceptance of a bequest",
        "不是法定继承人的人（例如朋友或照顾老人的人）在遗嘱中得到财产时，须声明接受遗赠，本事项为这一声明办理公证。",
        "Someone who is left property in a will but is not a legal heir (for example a friend or carer) must declare that "
        "they accept it. This matter notarizes that declaration.",
        once=True,
        days=5,
        minutes=30,
        fee=200,
        basis=_per_item(200),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item("遗嘱原件或遗嘱公证书", "The original will or its notarial certificate"),
            _item("遗赠人的死亡证明", "Proof of death of the person who made the bequest"),
        ],
    ),
    _matter(
        "prenuptial-agreement",
        "family-and-inheritance",
        "婚前财产约定协议公证",
        "Premarital property agreement",
        "准备结婚的双方事先约定各自婚前财产和婚后财产归谁所有。双方须一同到场。",
        "A couple about to marry agree in advance who owns the property each brings into the marriage and what they acquire "
        "later. Both must come together.",
        once=True,
        days=5,
        minutes=45,
        fee=300,
        basis=_per_item(300),
        exemptions=_LIVELIHOOD,
        materials=[
            _party_ids(),
            _party_hukou(),
            _property_proof(),
            _draft(),
        ],
    ),
    _matter(
        "marital-property-agreement",
        "family-and-inheritance",
        "婚内财产约定协议公证",
        "Marital property agreement",
        "已经结婚的夫妻约定某些财产（例如房产）归一方所有或按份共有。夫妻双方须一同到场。",
        "A married couple agree that certain property, such as a home, belongs to one of them or is shared in set portions. "
        "Both spouses must come together.",
        once=True,
        days=5,
        minutes=45,
        fee=300,
        basis=_per_item(300),
        exemptions=_LIVELIHOOD,
        materials=[
            _party_ids(),
            _item("结婚证", "Marriage certificate"),
            _property_proof(),
            _draft(),
        ],
    ),
    _matter(
        "support-agreement",
        "family-and-inheritance",
        "赡养协议公证",
        "Agreement on support for elderly parents",
        "子女之间或者子女与父母之间约定怎样赡养老人，例如每月给多少赡养费、由谁负责日常照顾。",
        "Children agree among themselves, or with their parents, how the parents will be supported: for example how much "
        "each child pays every month and who looks after them day to day.",
        once=True,
        days=5,
        minutes=45,
        fee=200,
        basis=_per_item(200),
        exemptions=_RELIEF,
        materials=[
            _party_ids(),
            _kinship_proof(provider="each_party"),
            _draft(copies=4),
        ],
    ),
    _matter(
        "child-support-agreement",
        "family-and-inheritance",
        "子女抚养协议公证",
        "Child support agreement",
        "父母双方（例如离婚后）约定孩子由谁抚养、另一方每月给多少抚养费以及探望安排。",
        "Parents, for example after a divorce, agree who the child lives with, how much the other parent pays each month "
        "and how visits are arranged.",
        once=True,
        days=5,
        minutes=45,
        fee=200,
        basis=_per_item(200),
        exemptions=_RELIEF,
        materials=[
            _party_ids(),
            _item(
                "子女的出生医学证明或户口簿", "The child's birth certificate or household register"
            ),
            _item("离婚证或结婚证", "Divorce certificate or marriage certificate"),
            _draft(),
        ],
    ),
    _matter(
        "legacy-support-agreement",
        "family-and-inheritance",
        "遗赠扶养协议公证",
        "Care-for-bequest agreement",
        "老人与照顾他的人或组织约定：对方负责老人的生活照料和身后事，老人去世后把约定的财产留给对方。",
        "An older person agrees with a carer (a person or an organisation) that the carer will look after them for life and "
        "arrange the funeral, and in return will receive the agreed property after their death.",
        once=True,
        days=10,
        minutes=60,
        fee=300,
        basis=_per_item(300),
        exemptions=_LIVELIHOOD,
        materials=[
            _party_ids(),
            _item(
                "扶养人为组织的，提供营业执照或法人登记证书和经办人授权书",
                "If the carer is an organisation: its business licence or registration certificate and a letter authorising its representative",
                provider="each_party",
                note_zh="扶养人为个人的不需要",
                note_en="Not needed if the carer is a person",
            ),
            _property_proof(),
            _marital_proof("老人的", "The older person's"),
            _draft(),
        ],
    ),
    # --- Property and assets --------------------------------------------------------------
    _matter(
        "gift-contract",
        "property",
        "赠与合同公证",
        "Gift contract",
        "把房产、存款等财产无偿送给他人，例如父母把房子送给子女。赠与人和受赠人签订赠与合同并办理公证。",
        "Give property such as a home or savings to someone free of charge, for example parents giving a flat to a child. "
        "The giver and the receiver sign a gift contract and have it notarized.",
        once=True,
        days=10,
        minutes=45,
        fee=200,
        basis=_by_value("赠与财产价值", "the value of the gift", 200),
        exemptions=_LIVELIHOOD,
        materials=[
            _party_ids(),
            _party_hukou(),
            _property_proof(),
            _marital_proof("赠与人", "The giver's"),
            _item(
                "赠与人配偶同意赠与的书面意见",
                "Written consent of the giver's spouse",
                form="original",
                note_zh="财产属于夫妻共有时提供，配偶也可到场签字",
                note_en="If the property is owned jointly with a spouse; the spouse may instead come and sign",
            ),
            _draft(what_zh="赠与合同", what_en="gift contract"),
        ],
    ),
    _matter(
        "gift-acceptance",
        "property",
        "受赠声明公证",
        "Acceptance of a gift",
        "受赠人声明愿意接受他人赠送的财产。赠与人和受赠人不能同时到场时，常分别办理赠与声明和受赠声明。",
        "The receiver declares that they accept a gift of property. When the giver and receiver cannot come at the same "
        "time, they often make separate declarations.",
        once=True,
        days=5,
        minutes=30,
        fee=200,
        basis=_per_item(200),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item("赠与声明书或赠与声明公证书", "The gift declaration or its notarial certificate"),
            _item(
                "受赠财产的权属证明复印件",
                "Copy of the proof of ownership of the gift",
                form="copy",
            ),
        ],
    ),
    _matter(
        "gift-declaration",
        "property",
        "赠与声明公证",
        "Declaration of a gift",
        "赠与人单方声明把自己的财产无偿送给某人，之后由受赠人另行声明接受。",
        "The giver declares alone that they give their property to someone free of charge; the receiver then declares "
        "acceptance separately.",
        once=True,
        days=5,
        minutes=30,
        fee=200,
        basis=_by_value("赠与财产价值", "the value of the gift", 200),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _applicant_hukou(),
            _property_proof(),
            _marital_proof(),
        ],
    ),
    _matter(
        "property-deed",
        "property",
        "不动产权证书公证",
        "Real estate title certificate",
        "证明房产证复印件与原件一致，常在境外办理签证、贷款或证明资产时使用。",
        "Certifies that a copy of your property deed matches the original; often needed abroad for visas, loans or proof of assets.",
        once=True,
        days=5,
        minutes=20,
        fee=100,
        basis=_per_item(100),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _deed(),
            _agent(),
        ],
    ),
    _matter(
        "property-sale-contract",
        "property",
        "房屋买卖合同公证",
        "Home sale contract",
        "买卖双方就房屋买卖签订合同并办理公证，明确房价、付款方式和交房时间。卖方、买方和共有人都须到场，常需多次办理。",
        "The seller and buyer of a home sign a notarized contract that sets out the price, how it is paid and when the home "
        "is handed over. Sellers, buyers and any co-owners must all attend; it often takes more than one visit.",
        once=False,
        days=10,
        minutes=60,
        fee=300,
        basis=_by_value("成交价", "the sale price", 300),
        exemptions=_LIVELIHOOD,
        materials=[
            _party_ids(),
            _party_hukou(),
            _deed(),
            _marital_proof("各方当事人的", "Each party's"),
            _item(
                "房屋共有人同意出售的书面意见",
                "Written consent of every co-owner to the sale",
                form="original",
                note_zh="共有人也可以到场签字",
                note_en="Co-owners may instead come and sign",
            ),
            _draft(what_zh="买卖合同", what_en="sale contract"),
        ],
    ),
    _matter(
        "mortgage-contract",
        "property",
        "房产抵押合同公证",
        "Property mortgage contract",
        "用房产作担保借款时，借款人、出借人和房产共有人签订抵押合同并办理公证。各方须到场，常需多次办理。",
        "When a home is used as security for a loan, the borrower, the lender and any co-owners sign a notarized mortgage "
        "contract. Every party must attend; it often takes more than one visit.",
        once=False,
        days=10,
        minutes=60,
        fee=200,
        basis=_by_value("担保的借款金额", "the amount of the secured loan", 200),
        exemptions=_LIVELIHOOD,
        materials=[
            _party_ids(),
            _deed(),
            _item("借款合同", "Loan contract", provider="each_party"),
            _item(
                "房屋共有人同意抵押的书面意见",
                "Written consent of every co-owner to the mortgage",
                form="original",
                note_zh="共有人也可以到场签字",
                note_en="Co-owners may instead come and sign",
            ),
            _draft(what_zh="抵押合同", what_en="mortgage contract"),
        ],
    ),
    _matter(
        "property-division-agreement",
        "property",
        "共有财产分割协议公证",
        "Agreement to divide jointly owned property",
        "几个人共同拥有的房产或其他财产，约定怎样分割或归谁所有。所有共有人须一同到场。",
        "People who own a home or other property together agree how it is divided or who will own it. All co-owners must "
        "come together.",
        once=True,
        days=10,
        minutes=45,
        fee=200,
        basis=_by_value("分割财产价值", "the value of the property divided", 200),
        exemptions=_LIVELIHOOD,
        materials=[
            _party_ids(),
            _party_hukou(),
            _property_proof(),
            _marital_proof("各方当事人的", "Each party's"),
            _draft(),
        ],
    ),
    # --- Identity and civil status --------------------------------------------------------
    _matter(
        "birth",
        "civil-status",
        "出生公证",
        "Birth",
        "证明一个人何时、何地出生以及父母是谁，常用于出国留学、探亲、移民或在境外办理手续。",
        "Proves when and where a person was born and who the parents are; often needed for study, family visits or "
        "immigration abroad.",
        once=True,
        days=5,
        minutes=20,
        fee=100,
        basis=_per_item(100),
        exemptions=_RELIEF,
        materials=[
            _applicant_id(),
            _applicant_hukou(),
            _item(
                "出生医学证明",
                "Medical birth certificate",
                note_zh="1996年以前出生、没有出生医学证明的，可提供人事档案或派出所证明",
                note_en="If you were born before 1996 and have none, bring your personnel file or a letter from the police station",
            ),
            _item(
                "父母的居民身份证或户口簿复印件",
                "Copies of the parents' identity cards or household register",
                form="copy",
            ),
            _photos(),
        ],
    ),
    _matter(
        "survival",
        "civil-status",
        "生存公证（在世证明）",
        "Proof of life",
        "证明本人目前仍然在世，常用于在境外领取养老金或保险金。本人须亲自到场。",
        "Proves that you are still alive; often needed to keep receiving a pension or insurance payments from abroad. "
        "You must come yourself.",
        once=True,
        days=5,
        minutes=20,
        fee=80,
        basis=_per_item(80),
        exemptions=_RELIEF,
        materials=[
            _applicant_id(),
            _applicant_hukou(),
            _item(
                "养老金或保险机构寄来的表格或通知（如有）",
                "Any form or letter from the pension fund or insurer",
                form="original",
                note_zh="有指定表格的，公证员会按表格要求办理",
                note_en="If there is a set form, the notary will complete the certificate to match it",
            ),
            _photos(),
        ],
    ),
    _matter(
        "death",
        "civil-status",
        "死亡公证",
        "Death",
        "证明某人已经去世以及去世的时间和地点，常用于在境外办理继承、领取保险金或抚恤金。",
        "Proves that a person has died, and when and where; often needed abroad to settle an inheritance or claim "
        "insurance or a survivor's pension.",
        once=True,
        days=5,
        minutes=20,
        fee=100,
        basis=_per_item(100),
        exemptions=_RELIEF,
        materials=[
            _applicant_id(),
            _death_proof(),
            _kinship_proof(),
        ],
    ),
    _matter(
        "kinship",
        "civil-status",
        "亲属关系公证",
        "Kinship",
        "证明申请人与某位亲属之间的关系，例如父母子女、兄弟姐妹、祖孙，常用于探亲签证、继承或领取抚恤金。",
        "Proves how you are related to a family member, for example as parent and child, brother and sister, or grandparent "
        "and grandchild; often needed for family-visit visas, inheritance or survivor's pensions.",
        once=True,
        days=5,
        minutes=20,
        fee=100,
        basis=_per_item(100),
        exemptions=_RELIEF,
        materials=[
            _applicant_id(),
            _applicant_hukou(),
            _kinship_proof(),
            _item(
                "所涉亲属的身份证明复印件",
                "Copy of the identity document of each relative named",
                form="copy",
            ),
            _photos(),
        ],
    ),
    _matter(
        "marital-status",
        "civil-status",
        "已婚公证",
        "Marital status: married",
        "证明申请人目前与某人存在婚姻关系，常用于配偶签证、境外登记或共同办理手续。",
        "Proves that you are currently married to a named person; often needed for spouse visas or registration abroad.",
        once=True,
        days=5,
        minutes=20,
        fee=100,
        basis=_per_item(100),
        exemptions=_RELIEF,
        materials=[
            _applicant_id(),
            _applicant_hukou(),
            _item(
                "结婚证",
                "Marriage certificate",
                commitment=True,
                note_zh="结婚证遗失的，可签署告知承诺书，由公证处向婚姻登记机关核实",
                note_en="If it is lost, you may sign a commitment statement and the office will check with the marriage registry",
            ),
            _photos(),
        ],
    ),
    _matter(
        "unmarried",
        "civil-status",
        "未婚公证",
        "Marital status: never married",
        "证明申请人到目前为止从未结过婚，常用于在境外结婚登记。",
        "Proves that you have never been married; often needed to register a marriage abroad.",
        once=True,
        days=5,
        minutes=20,
        fee=100,
        basis=_per_item(100),
        exemptions=_RELIEF,
        materials=[
            _applicant_id(),
            _applicant_hukou(),
            _item(
                "婚姻登记机关出具的无婚姻登记记录证明",
                "Certificate from the marriage registry that no marriage is on record",
                form="original",
                commitment=True,
                note_zh="承诺内容由公证处核实",
                note_en="The office checks what you commit to",
            ),
            _photos(),
        ],
    ),
    _matter(
        "divorced",
        "civil-status",
        "离婚公证",
        "Marital status: divorced",
        "证明申请人已经离婚，常用于在境外再婚、办理签证或处理财产。",
        "Proves that you are divorced; often needed to remarry abroad, for visas or to deal with property.",
        once=True,
        days=5,
        minutes=20,
        fee=100,
        basis=_per_item(100),
        exemptions=_RELIEF,
        materials=[
            _applicant_id(),
            _item(
                "离婚证",
                "Divorce certificate",
                commitment=True,
                note_zh="在民政部门登记离婚、离婚证遗失的，可签署告知承诺书",
                note_en="If you divorced at the civil affairs office and lost the certificate, you may sign a commitment statement",
            ),
            _item(
                "法院离婚判决书或调解书，以及生效证明",
                "Court divorce judgment or mediation agreement, with proof that it has taken effect",
                note_zh="经法院离婚的提供",
                note_en="If you divorced through a court",
            ),
            _photos(),
        ],
    ),
    _matter(
        "no-remarriage",
        "civil-status",
        "未再婚公证",
        "Not remarried",
        "证明申请人在离婚或配偶去世后一直没有再婚，常用于在境外领取遗属抚恤金或办理继承。",
        "Proves that you have not remarried since a divorce or your spouse's death; often needed to claim a survivor's "
        "pension or an inheritance abroad.",
        once=True,
        days=5,
        minutes=20,
        fee=100,
        basis=_per_item(100),
        exemptions=_RELIEF,
        materials=[
            _applicant_id(),
            _applicant_hukou(),
            _item(
                "离婚证或配偶的死亡证明", "Divorce certificate or the spouse's death certificate"
            ),
            _item(
                "婚姻登记机关出具的未再婚证明",
                "Certificate from the marriage registry that you have not remarried",
                form="original",
                commitment=True,
                note_zh="承诺内容由公证处核实",
                note_en="The office checks what you commit to",
            ),
            _photos(),
        ],
    ),
    _matter(
        "no-criminal-record",
        "civil-status",
        "无犯罪记录公证",
        "No criminal record",
        "证明申请人在某一段时间内没有犯罪记录，常用于出国工作、留学或移民。",
        "Proves that you had no criminal record during a given period; often needed to work, study or settle abroad.",
        once=True,
        days=5,
        minutes=20,
        fee=100,
        basis=_per_item(100),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _applicant_hukou(),
            _item(
                "公安机关出具的无犯罪记录证明",
                "Certificate of no criminal record from the police",
                form="original",
                commitment=True,
                note_zh="在本市居住期间的，可签署告知承诺书，由公证处向公安机关核实",
                note_en="For the time you lived in this city, you may sign a commitment statement and the office will check with the police",
            ),
            _photos(),
        ],
    ),
    _matter(
        "household-registration",
        "civil-status",
        "户口簿公证",
        "Household register",
        "证明户口簿复印件与原件一致以及户籍登记的内容，常用于境外办理手续或证明家庭成员关系。",
        "Certifies a copy of your household register (hukou booklet) and what it records; often needed abroad or to show "
        "who belongs to your household.",
        once=True,
        days=5,
        minutes=20,
        fee=80,
        basis=_per_item(80),
        exemptions=_RELIEF,
        materials=[
            _applicant_id(),
            _item(
                "户口簿（含首页和所有成员页）",
                "Household register, including the front page and every member's page",
            ),
            _agent(),
        ],
    ),
    _matter(
        "id-card",
        "civil-status",
        "居民身份证公证",
        "Resident identity card",
        "证明居民身份证复印件与原件一致，常用于在境外办理开户、签证等手续。",
        "Certifies that a copy of your resident identity card matches the original; often needed abroad to open an account "
        "or apply for a visa.",
        once=True,
        days=1,
        minutes=15,
        fee=80,
        basis=_per_item(80),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(
                note_zh="请带原件，复印件可在公证处复印",
                note_en="Bring the original; copies can be made at the office",
            ),
            _agent(),
        ],
    ),
    _matter(
        "passport",
        "civil-status",
        "护照公证",
        "Passport",
        "证明护照复印件与原件一致，常用于在境外办理签证、居留或银行业务。",
        "Certifies that a copy of your passport matches the original; often needed abroad for visas, residence or banking.",
        once=True,
        days=1,
        minutes=15,
        fee=80,
        basis=_per_item(80),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item("护照", "Passport"),
            _agent(),
        ],
    ),
    _matter(
        "name-change",
        "civil-status",
        "曾用名公证",
        "Former name",
        "证明现在的名字和以前使用过的名字是同一个人，常用于核对旧证件、领取存款或在境外办理手续。",
        "Proves that your present name and a name you used before belong to the same person; often needed to match old "
        "documents, withdraw savings or deal with offices abroad.",
        once=True,
        days=5,
        minutes=20,
        fee=100,
        basis=_per_item(100),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item("记载曾用名的户口簿", "Household register showing the former name"),
            _item(
                "派出所出具的姓名变更证明",
                "Letter from the police station confirming the change of name",
                form="original",
                note_zh="户口簿上没有记载曾用名的提供",
                note_en="If the household register does not show the former name",
            ),
        ],
    ),
    _matter(
        "driving-licence",
        "civil-status",
        "驾驶证公证",
        "Driving licence",
        "证明驾驶证复印件与原件一致，常用于在境外换领驾照或租车。",
        "Certifies that a copy of your driving licence matches the original; often needed to exchange it for a foreign "
        "licence or to hire a car abroad.",
        once=True,
        days=1,
        minutes=15,
        fee=80,
        basis=_per_item(80),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item(
                "机动车驾驶证（正本和副本）", "Driving licence (both the card and the counterpart)"
            ),
            _agent(),
        ],
    ),
    # --- Education and work ---------------------------------------------------------------
    _matter(
        "degree",
        "education-and-work",
        "学位证书公证",
        "Degree certificate",
        "证明学位证书复印件与原件一致，常用于出国留学、求职或学历认证。",
        "Certifies that a copy of your degree certificate matches the original; often needed to study or work abroad.",
        once=True,
        days=5,
        minutes=15,
        fee=80,
        basis=_per_item(80),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item("学位证书", "Degree certificate"),
            _agent(),
        ],
    ),
    _matter(
        "diploma",
        "education-and-work",
        "毕业证书公证",
        "Graduation certificate",
        "证明毕业证书复印件与原件一致，常用于出国留学、求职或学历认证。",
        "Certifies that a copy of your graduation certificate (diploma) matches the original; often needed to study or "
        "work abroad.",
        once=True,
        days=5,
        minutes=15,
        fee=80,
        basis=_per_item(80),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item("毕业证书", "Graduation certificate"),
            _agent(),
        ],
    ),
    _matter(
        "academic-transcript",
        "education-and-work",
        "成绩单公证",
        "Academic transcript",
        "证明学校出具的成绩单真实，常用于申请出国留学。",
        "Certifies that a transcript of marks issued by your school or university is genuine; often needed to apply to "
        "study abroad.",
        once=True,
        days=5,
        minutes=15,
        fee=100,
        basis=_per_item(100),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item(
                "学校出具的成绩单",
                "Transcript issued by the school or university",
                form="original",
                note_zh="须加盖学校教务部门公章",
                note_en="It must bear the official seal of the academic affairs office",
            ),
            _agent(),
        ],
    ),
    _matter(
        "work-experience",
        "education-and-work",
        "工作经历公证",
        "Work experience",
        "证明申请人曾在某单位工作过、担任什么职务以及起止时间，常用于出国工作或移民。",
        "Proves where you have worked, in what position and for how long; often needed to work or settle abroad.",
        once=True,
        days=5,
        minutes=20,
        fee=100,
        basis=_per_item(100),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item(
                "工作单位出具的工作经历证明",
                "Letter from the employer describing your work",
                form="original",
                note_zh="写明职务和起止时间，并加盖单位公章",
                note_en="It must state your position and the dates, and bear the employer's seal",
            ),
            _item(
                "出具证明单位的营业执照或法人登记证书复印件",
                "Copy of the employer's business licence or registration certificate",
                form="copy",
                note_zh="复印件须加盖单位公章",
                note_en="The copy must bear the employer's seal",
            ),
            _item(
                "劳动合同或社会保险缴费记录",
                "Employment contract or social insurance payment record",
            ),
        ],
    ),
    _matter(
        "professional-qualification",
        "education-and-work",
        "职业资格证书公证",
        "Professional qualification certificate",
        "证明职业资格证书或职称证书复印件与原件一致，常用于出国工作或申请认证。",
        "Certifies that a copy of a professional qualification or title certificate matches the original; often needed "
        "to work abroad or to have the qualification recognised.",
        once=True,
        days=5,
        minutes=15,
        fee=80,
        basis=_per_item(80),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item("职业资格证书或职称证书", "Professional qualification or title certificate"),
            _agent(),
        ],
    ),
    _matter(
        "retirement-certificate",
        "education-and-work",
        "退休证公证",
        "Retirement certificate",
        "证明退休证复印件与原件一致以及退休情况，常用于老人出国探亲签证或在境外办理手续。",
        "Certifies a copy of your retirement certificate and that you have retired; often needed for family-visit visas "
        "or other business abroad.",
        once=True,
        days=5,
        minutes=15,
        fee=80,
        basis=_per_item(80),
        exemptions=_RELIEF,
        materials=[
            _applicant_id(),
            _item("退休证", "Retirement certificate"),
            _item(
                "社会保险机构出具的养老金领取证明（如有）",
                "Proof from the social insurance office that you receive a pension (if you have one)",
                form="original",
            ),
            _agent(),
        ],
    ),
    _matter(
        "income",
        "education-and-work",
        "收入证明公证",
        "Income",
        "证明申请人的工资或其他收入情况，常用于出国签证、申请救助或追索赡养费、抚养费。",
        "Proves your wages or other income; often needed for visas, to apply for relief or to claim family support.",
        once=True,
        days=5,
        minutes=20,
        fee=100,
        basis=_per_item(100),
        exemptions=_RELIEF,
        materials=[
            _applicant_id(),
            _item(
                "工作单位出具的收入证明",
                "Letter from the employer stating your income",
                form="original",
                note_zh="须加盖单位公章",
                note_en="It must bear the employer's seal",
            ),
            _item(
                "近六个月的工资流水或个人所得税纳税记录",
                "Bank statement of wages or personal income tax record for the last six months",
            ),
        ],
    ),
    # --- Contracts and business -----------------------------------------------------------
    _matter(
        "loan-contract",
        "contracts-and-business",
        "借款合同公证",
        "Loan contract",
        "个人之间或个人与公司之间借钱时，把借款金额、利息和还款时间写进合同并办理公证。"
        "可以同时申请赋予强制执行效力，到期不还时可直接向法院申请执行。",
        "When money is lent between people, or between a person and a company, the amount, interest and repayment dates are "
        "written into a notarized contract. You can also ask for it to be made directly enforceable, so that if the money is "
        "not repaid the lender can go straight to the court for enforcement.",
        once=True,
        days=5,
        minutes=45,
        fee=200,
        basis=_by_value("借款金额", "the amount of the loan", 200),
        exemptions=_LIVELIHOOD,
        materials=[
            _party_ids(),
            _marital_proof("借款人", "The borrower's"),
            _item(
                "出借人为公司的，提供营业执照和法定代表人授权书",
                "If the lender is a company: its business licence and a letter from its legal representative authorising the signatory",
                provider="each_party",
                note_zh="双方都是个人的不需要",
                note_en="Not needed if both parties are individuals",
            ),
            _draft(what_zh="借款合同", what_en="loan contract"),
        ],
    ),
    _matter(
        "lease-contract",
        "contracts-and-business",
        "房屋租赁合同公证",
        "Home lease contract",
        "房东和租客就出租房屋签订合同并办理公证，写明租金、租期和双方的责任。",
        "A landlord and a tenant sign a notarized lease that sets out the rent, the length of the lease and what each side "
        "must do.",
        once=True,
        days=5,
        minutes=30,
        fee=200,
        basis=_by_value("租金总额", "the total rent", 200),
        exemptions=_LIVELIHOOD,
        materials=[
            _party_ids(),
            _deed(),
            _item(
                "房屋共有人同意出租的书面意见",
                "Written consent of every co-owner to the letting",
                form="original",
                note_zh="房屋有共有人时提供",
                note_en="Only if the home has co-owners",
            ),
            _draft(what_zh="租赁合同", what_en="lease"),
        ],
    ),
    _matter(
        "company-articles",
        "contracts-and-business",
        "公司章程公证",
        "Company articles of association",
        "证明公司章程的内容与登记机关存档的一致，常用于在境外设立公司、开立账户或参加投标。",
        "Certifies that a company's articles of association match the copy held by the registration authority; often "
        "needed to set up a company, open an account or bid for work abroad.",
        once=True,
        days=5,
        minutes=20,
        fee=200,
        basis=_per_item(200),
        exemptions=(),
        materials=[
            _item("公司营业执照", "The company's business licence"),
            _item(
                "加盖登记机关档案查询章的公司章程",
                "Articles of association bearing the registration authority's records stamp",
                form="original",
            ),
            _item(
                "法定代表人居民身份证，或经办人居民身份证和公司授权委托书",
                "The legal representative's identity card, or the representative's identity card and the company's letter of authority",
                provider="agent",
            ),
        ],
    ),
    _matter(
        "business-licence",
        "contracts-and-business",
        "营业执照公证",
        "Business licence",
        "证明营业执照复印件与原件一致，常用于在境外开展业务、开立账户或申请签证。",
        "Certifies that a copy of a business licence matches the original; often needed to do business, open an account "
        "or apply for a visa abroad.",
        once=True,
        days=5,
        minutes=15,
        fee=100,
        basis=_per_item(100),
        exemptions=(),
        materials=[
            _item("营业执照正本或副本", "Business licence (original or duplicate original)"),
            _item(
                "法定代表人居民身份证，或经办人居民身份证和公司授权委托书",
                "The legal representative's identity card, or the representative's identity card and the company's letter of authority",
                provider="agent",
            ),
        ],
    ),
    _matter(
        "board-resolution",
        "contracts-and-business",
        "董事会决议公证",
        "Board resolution",
        "证明公司董事会（或股东会）决议上的签名、印章真实，会议按章程召开，常用于境外业务或办理变更登记。",
        "Certifies that the signatures and seal on a resolution of a company's board (or shareholders' meeting) are genuine "
        "and that the meeting followed the articles; often needed for business abroad or to register changes.",
        once=True,
        days=5,
        minutes=30,
        fee=300,
        basis=_per_item(300),
        exemptions=(),
        materials=[
            _item("公司营业执照", "The company's business licence"),
            _item("公司章程", "Articles of association"),
            _item("董事会（股东会）决议原件", "The original resolution", form="original", copies=2),
            _item(
                "出席董事（股东）的身份证明",
                "Identity documents of the directors (or shareholders) who attended",
                provider="each_party",
            ),
        ],
    ),
    # --- Powers of attorney and declarations ----------------------------------------------
    _matter(
        "power-of-attorney-property",
        "powers-and-declarations",
        "房产处分委托公证",
        "Power of attorney for selling or mortgaging a home",
        "本人不能亲自办理时，委托信任的人代为出售、抵押或过户房产。委托人须亲自到场签字。",
        "If you cannot deal with it yourself, you authorise someone you trust to sell, mortgage or transfer your home for you. "
        "You must come and sign in person.",
        once=True,
        days=5,
        minutes=30,
        fee=200,
        basis=_per_item(200),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _applicant_hukou(),
            _deed(),
            _marital_proof(),
            _item(
                "受托人的居民身份证复印件",
                "Copy of the identity card of the person you authorise",
                form="copy",
            ),
            _item(
                "委托书草稿（如已拟好）",
                "Draft of the power of attorney (if already written)",
                form="original",
                note_zh="写明委托事项和期限；没有草稿的，公证员可以协助起草",
                note_en="State what is authorised and for how long; if you have none, the notary can help you draft it",
            ),
        ],
    ),
    _matter(
        "power-of-attorney-bank",
        "powers-and-declarations",
        "银行业务委托公证",
        "Power of attorney for banking",
        "委托他人代为办理存款支取、挂失、销户等银行业务，常用于老人行动不便或人在外地时。",
        "Authorise someone to withdraw savings, report a lost card, close an account or do other banking for you; often "
        "used when an older person cannot get out or is away.",
        once=True,
        days=5,
        minutes=30,
        fee=150,
        basis=_per_item(150),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item("存折、银行卡或存单", "Passbook, bank card or certificate of deposit"),
            _item(
                "受托人的居民身份证复印件",
                "Copy of the identity card of the person you authorise",
                form="copy",
            ),
        ],
    ),
    _matter(
        "power-of-attorney-vehicle",
        "powers-and-declarations",
        "车辆处分委托公证",
        "Power of attorney for a vehicle",
        "委托他人代为出售、过户或注销车辆。委托人须亲自到场签字。",
        "Authorise someone to sell, transfer or deregister your vehicle. You must come and sign in person.",
        once=True,
        days=5,
        minutes=30,
        fee=150,
        basis=_per_item(150),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item("机动车登记证书和行驶证", "Vehicle registration certificate and vehicle licence"),
            _item(
                "受托人的居民身份证复印件",
                "Copy of the identity card of the person you authorise",
                form="copy",
            ),
        ],
    ),
    _matter(
        "power-of-attorney-litigation",
        "powers-and-declarations",
        "诉讼委托公证",
        "Power of attorney for a lawsuit",
        "委托律师或亲友代为参加诉讼或仲裁，常用于本人在外地或境外、不能亲自出庭时。",
        "Authorise a lawyer or relative to act for you in a lawsuit or arbitration; often used when you live elsewhere or "
        "abroad and cannot attend court yourself.",
        once=True,
        days=5,
        minutes=30,
        fee=150,
        basis=_per_item(150),
        exemptions=_RELIEF,
        materials=[
            _applicant_id(),
            _item(
                "受托人的居民身份证或律师执业证复印件",
                "Copy of the identity card or practising certificate of the person you authorise",
                form="copy",
            ),
            _item(
                "起诉状、传票或其他案件材料（如有）",
                "Statement of claim, summons or other case papers (if any)",
                form="copy",
            ),
        ],
    ),
    _matter(
        "power-of-attorney-inheritance",
        "powers-and-declarations",
        "继承事务委托公证",
        "Power of attorney for inheritance matters",
        "继承人不能亲自到场办理继承时，委托他人代为办理继承公证、过户和领取遗产。",
        "An heir who cannot attend authorises someone to handle the inheritance for them: the notarization, the transfer "
        "of title and collecting the property.",
        once=True,
        days=5,
        minutes=30,
        fee=150,
        basis=_per_item(150),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item(
                "去世者的死亡证明复印件",
                "Copy of the proof of the deceased person's death",
                form="copy",
            ),
            _kinship_proof(),
            _item(
                "受托人的居民身份证复印件",
                "Copy of the identity card of the person you authorise",
                form="copy",
            ),
        ],
    ),
    _matter(
        "declaration",
        "powers-and-declarations",
        "声明书公证",
        "Declaration",
        "申请人就某件事作出书面声明并办理公证，例如同意子女出国、说明家庭情况或放弃某项权利。",
        "You make a written statement about something and have it notarized, for example consenting to a child travelling "
        "abroad, describing your family situation or giving up a right.",
        once=True,
        days=5,
        minutes=30,
        fee=200,
        basis=_per_item(200),
        exemptions=_RELIEF,
        materials=[
            _applicant_id(),
            _applicant_hukou(),
            _item(
                "声明书草稿和与声明内容相关的证明材料",
                "Draft of the declaration and any documents that support what it says",
                form="original_and_copy",
                note_zh="没有草稿的，公证员可以协助起草",
                note_en="If you have no draft, the notary can help you write one",
            ),
        ],
    ),
    _matter(
        "signature",
        "powers-and-declarations",
        "签名（印鉴）公证",
        "Signature or seal",
        "证明某份文件上的签名或印章是申请人本人在公证员面前所签或所盖。",
        "Certifies that the signature or seal on a document was made by you in front of the notary.",
        once=True,
        days=1,
        minutes=15,
        fee=100,
        basis=_per_item(100),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item(
                "需要签名或盖章的文件",
                "The document to be signed or sealed",
                form="original",
                note_zh="请不要事先签名，须在公证员面前签署",
                note_en="Do not sign it beforehand; you must sign in front of the notary",
            ),
        ],
    ),
    _matter(
        "copy-conformity",
        "powers-and-declarations",
        "文书复印件与原件相符公证",
        "Certified copy of a document",
        "证明某份文件的复印件与原件内容一致，适用于合同、证书、票据等各类文书。",
        "Certifies that a copy of a document, such as a contract, certificate or receipt, matches the original.",
        once=True,
        days=1,
        minutes=15,
        fee=80,
        basis=_per_item(80),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item("需要公证的文件原件", "The original document", form="original"),
            _agent(),
        ],
    ),
    # --- Evidence preservation ------------------------------------------------------------
    _matter(
        "evidence-preservation-web",
        "evidence-preservation",
        "网页证据保全公证",
        "Preserving web page evidence",
        "在公证员监督下，用公证处的电脑打开网页，对网页内容截图、录屏并封存，以后可以作为诉讼证据。",
        "Under a notary's supervision, web pages are opened on the office's computer, captured as screenshots or screen "
        "recordings and sealed, so they can later be used as evidence in court.",
        once=True,
        days=5,
        minutes=60,
        fee=500,
        basis=(
            "每次500元；保全时间超过1小时的，每增加1小时加收200元",
            "500 yuan per session; 200 yuan for each extra hour beyond the first",
        ),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item(
                "需要保全的网址清单和操作步骤",
                "List of web addresses to preserve and the steps to reach them",
                form="original",
            ),
            _item(
                "申请人为单位的，提供营业执照和授权委托书",
                "If the applicant is an organisation: its business licence and a letter of authority",
                provider="agent",
            ),
        ],
    ),
    _matter(
        "evidence-preservation-phone",
        "evidence-preservation",
        "手机内容证据保全公证",
        "Preserving mobile phone content",
        "在公证员监督下，对手机中的聊天记录、短信、通话记录或照片进行截图、录屏并封存，以后可以作为诉讼证据。",
        "Under a notary's supervision, chat messages, text messages, call records or photos on your mobile phone are "
        "captured and sealed, so they can later be used as evidence in court.",
        once=True,
        days=5,
        minutes=60,
        fee=500,
        basis=(
            "每次500元；保全时间超过1小时的，每增加1小时加收200元",
            "500 yuan per session; 200 yuan for each extra hour beyond the first",
        ),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item(
                "存有证据的手机",
                "The mobile phone that holds the evidence",
                form="original",
                note_zh="请充好电，并记住解锁密码",
                note_en="Charge it fully and remember the unlock code",
            ),
            _item(
                "手机号码的实名登记证明或购机凭证",
                "Proof that the phone number or handset is registered to you",
                note_zh="可在营业厅或手机营业厅应用中查询打印",
                note_en="Available from your mobile operator's shop or app",
            ),
        ],
    ),
    _matter(
        "evidence-preservation-onsite",
        "evidence-preservation",
        "现场证据保全公证",
        "On-site evidence preservation",
        "公证员到现场对房屋状况、施工质量、物品或正在发生的事实进行拍照、录像和记录，以后可以作为诉讼证据。通常需要先到公证处申请，再另约时间到现场。",
        "A notary goes to the place concerned to photograph, film and record the state of a home, building work, goods or "
        "events as they happen, so they can later be used as evidence in court. You usually apply at the office first "
        "and then arrange a separate time for the visit.",
        once=False,
        days=10,
        minutes=60,
        fee=1000,
        basis=(
            "每次1000元起，按现场工作时间和路程加收",
            "From 1,000 yuan per visit, plus a charge for time on site and travel",
        ),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item(
                "与保全对象有关的权属证明或合同（如房产证、装修合同）",
                "Documents linking you to what is being preserved (for example the property deed or a renovation contract)",
            ),
            _item(
                "申请人为单位的，提供营业执照和授权委托书",
                "If the applicant is an organisation: its business licence and a letter of authority",
                provider="agent",
            ),
        ],
    ),
    _matter(
        "evidence-preservation-purchase",
        "evidence-preservation",
        "购买过程证据保全公证",
        "Preserving evidence of a purchase",
        "在公证员陪同下购买涉嫌侵权或假冒的商品，记录购买过程并封存商品，常用于知识产权纠纷。网购的还要等收货后再次办理。",
        "A notary goes with you to buy goods suspected of infringing a right or being fake, records the purchase and seals "
        "the goods; often used in intellectual property disputes. For online purchases there is a second visit when the "
        "goods arrive.",
        once=False,
        days=10,
        minutes=60,
        fee=1000,
        basis=(
            "每次1000元起，按现场工作时间和路程加收",
            "From 1,000 yuan per visit, plus a charge for time on site and travel",
        ),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item(
                "权利证明（商标注册证、专利证书或著作权登记证书等）",
                "Proof of your right (trademark registration, patent or copyright registration certificate, etc.)",
            ),
            _item(
                "申请人为单位的，提供营业执照和授权委托书",
                "If the applicant is an organisation: its business licence and a letter of authority",
                provider="agent",
            ),
        ],
    ),
    _matter(
        "evidence-preservation-delivery",
        "evidence-preservation",
        "送达证据保全公证",
        "Preserving evidence of delivery",
        "在公证员监督下寄出催款函、解除合同通知等文件，记录寄送过程，证明对方已经收到或应当收到。",
        "A notary supervises the posting of documents such as a demand for payment or a notice ending a contract, and records "
        "it, to prove that the other side received or should have received them.",
        once=False,
        days=10,
        minutes=30,
        fee=500,
        basis=("每次500元", "500 yuan per delivery"),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item("需要寄送的文件", "The documents to be sent", form="original", copies=2),
            _item(
                "收件人的姓名、地址和联系电话",
                "The recipient's name, address and phone number",
                form="original",
            ),
        ],
    ),
    # --- Guardianship ---------------------------------------------------------------------
    _matter(
        "voluntary-guardianship",
        "guardianship",
        "意定监护协议公证",
        "Voluntary guardianship agreement",
        "趁头脑清楚时，事先和自己信任的亲友或组织约定：将来如果因年老、患病等原因不能照顾自己、处理自己的事务，由对方担任监护人。"
        "双方都须亲自到场，公证员会分别谈话，通常需要两次以上会面。",
        "While your mind is clear, you agree with a relative, friend or organisation you trust that they will become your "
        "guardian if age or illness later leaves you unable to look after yourself or your affairs. Both of you must come "
        "in person; the notary talks with each of you separately, usually over two or more meetings.",
        once=False,
        days=15,
        minutes=90,
        fee=500,
        basis=("每件500元", "500 yuan per agreement"),
        exemptions=_LIVELIHOOD,
        materials=[
            _party_ids(),
            _party_hukou(),
            _item(
                "委托人近期的身体健康或精神状况证明（如医院诊断证明）",
                "Recent medical evidence of the older person's health or mental capacity (for example a hospital report)",
                form="original",
                note_zh="公证员认为有必要时提供",
                note_en="Only if the notary asks for it",
            ),
            _kinship_proof(provider="each_party"),
            _item(
                "监护人为组织的，提供登记证书和授权委托书",
                "If the guardian is an organisation: its registration certificate and a letter of authority",
                provider="guardian",
            ),
        ],
    ),
    _matter(
        "guardianship-agreement",
        "guardianship",
        "协议确定监护人公证",
        "Agreement on who acts as guardian",
        "对于不能照顾自己的老人、未成年人或精神残疾人，依法有资格担任监护人的亲属协商确定由谁担任监护人。有关亲属都须到场。",
        "For an older person, a child or someone with a mental disability who cannot look after themselves, the relatives "
        "entitled by law to act as guardian agree who will do so. All of those relatives must attend.",
        once=False,
        days=10,
        minutes=60,
        fee=300,
        basis=_per_item(300),
        exemptions=_LIVELIHOOD,
        materials=[
            _party_ids(),
            _item(
                "被监护人的居民身份证和户口簿",
                "Resident identity card and household register of the person who needs a guardian",
                provider="guardian",
            ),
            _item(
                "被监护人的医院诊断证明或法院认定其为无民事行为能力或限制民事行为能力人的判决书",
                "A hospital report on the person who needs a guardian, or a court judgment that they lack full legal capacity",
                provider="guardian",
                note_zh="被监护人为未成年人的不需要",
                note_en="Not needed if the person is a child",
            ),
            _kinship_proof(provider="each_party"),
            _draft(),
        ],
    ),
    # --- On-site supervision and deposits -------------------------------------------------
    _matter(
        "prize-draw-supervision",
        "supervision-and-deposits",
        "有奖活动现场监督公证",
        "Supervision of a prize draw",
        "商场、企业举办抽奖等有奖活动时，由公证员到现场监督抽奖过程是否公开、公平，并出具公证书。",
        "When a shop or company holds a prize draw, a notary attends to check that the draw is open and fair, and then "
        "issues a certificate.",
        once=False,
        days=5,
        minutes=60,
        fee=2000,
        basis=(
            "每次2000元起，按活动规模和时长收取",
            "From 2,000 yuan per event, depending on its size and length",
        ),
        exemptions=(),
        materials=[
            _item("举办单位的营业执照", "Business licence of the organiser"),
            _item(
                "活动方案和抽奖规则",
                "Plan of the event and rules of the draw",
                form="original",
                copies=2,
            ),
            _item("奖品清单及来源证明", "List of prizes and proof of where they come from"),
            _item(
                "法定代表人居民身份证，或经办人居民身份证和授权委托书",
                "The legal representative's identity card, or the representative's identity card and a letter of authority",
                provider="agent",
            ),
        ],
    ),
    _matter(
        "tender-supervision",
        "supervision-and-deposits",
        "招标投标现场监督公证",
        "Supervision of a tender opening",
        "公证员到开标、评标现场，监督招标投标程序是否符合规定，并出具公证书。",
        "A notary attends the opening and evaluation of tenders to check that the procedure follows the rules, and then "
        "issues a certificate.",
        once=False,
        days=5,
        minutes=60,
        fee=2000,
        basis=(
            "每次2000元起，按项目规模收取",
            "From 2,000 yuan per tender, depending on the size of the project",
        ),
        exemptions=(),
        materials=[
            _item(
                "招标人的营业执照或法人登记证书",
                "Business licence or registration certificate of the party inviting tenders",
            ),
            _item(
                "招标文件和招标公告",
                "Tender documents and the published notice",
                form="original_and_copy",
            ),
            _item("投标单位名单", "List of bidders", form="original"),
            _item(
                "法定代表人居民身份证，或经办人居民身份证和授权委托书",
                "The legal representative's identity card, or the representative's identity card and a letter of authority",
                provider="agent",
            ),
        ],
    ),
    _matter(
        "auction-supervision",
        "supervision-and-deposits",
        "拍卖现场监督公证",
        "Supervision of an auction",
        "公证员到拍卖现场，监督拍卖过程是否依法公开进行，并出具公证书。",
        "A notary attends an auction to check that it is held openly and lawfully, and then issues a certificate.",
        once=False,
        days=5,
        minutes=60,
        fee=2000,
        basis=(
            "每次2000元起，按拍卖规模收取",
            "From 2,000 yuan per auction, depending on its size",
        ),
        exemptions=(),
        materials=[
            _item(
                "拍卖企业的营业执照和拍卖经营批准证书",
                "The auction house's business licence and auction permit",
            ),
            _item("委托拍卖合同", "Contract with the seller for the auction"),
            _item("拍卖公告和拍卖规则", "Auction notice and rules", form="original_and_copy"),
            _item(
                "法定代表人居民身份证，或经办人居民身份证和授权委托书",
                "The legal representative's identity card, or the representative's identity card and a letter of authority",
                provider="agent",
            ),
        ],
    ),
    _matter(
        "lottery-draw-supervision",
        "supervision-and-deposits",
        "摇号现场监督公证",
        "Supervision of a lottery draw",
        "分配保障性住房、车位或学位等需要摇号时，由公证员到现场监督摇号过程，并出具公证书。",
        "When homes, parking spaces or school places are allocated by drawing lots, a notary attends to supervise the draw "
        "and then issues a certificate.",
        once=False,
        days=5,
        minutes=60,
        fee=2000,
        basis=(
            "每次2000元起，按参加人数和时长收取",
            "From 2,000 yuan per draw, depending on the number of entrants and its length",
        ),
        exemptions=(),
        materials=[
            _item(
                "组织单位的营业执照或法人登记证书",
                "Business licence or registration certificate of the organiser",
            ),
            _item(
                "摇号方案和参加人员名单",
                "Plan of the draw and list of entrants",
                form="original",
                copies=2,
            ),
            _item(
                "法定代表人居民身份证，或经办人居民身份证和授权委托书",
                "The legal representative's identity card, or the representative's identity card and a letter of authority",
                provider="agent",
            ),
        ],
    ),
    _matter(
        "deposit",
        "supervision-and-deposits",
        "提存公证",
        "Deposit with a notary",
        "因找不到收款人或对方拒绝接收等原因无法直接交付钱款或物品时，可以交由公证处保管，视为已经交付；"
        "也用于房屋买卖等交易中的资金监管。存入和领取通常要分别办理。",
        "If you cannot hand over money or goods because the recipient cannot be found or refuses them, you can deposit them "
        "with the notary office and they count as delivered. Deposits are also used to hold money safely during a home "
        "sale or similar deal. Paying in and collecting are usually separate visits.",
        once=False,
        days=10,
        minutes=45,
        fee=200,
        basis=_by_value("提存标的价值", "the value deposited", 200),
        exemptions=_LIVELIHOOD,
        materials=[
            _applicant_id(),
            _item(
                "产生给付义务的合同、判决书或其他依据",
                "The contract, judgment or other document that creates the duty to pay or deliver",
            ),
            _item(
                "无法交付的证明（如退回的邮件、对方拒收的记录）",
                "Evidence that delivery was not possible (for example returned post or a record of refusal)",
            ),
            _item(
                "收款人或接收人的姓名、地址和联系方式",
                "Name, address and contact details of the person entitled to receive",
                form="original",
            ),
        ],
    ),
]

# ---------------------------------------------------------------------------
# Notary offices (invented: generic names, addresses and telephone numbers)
# ---------------------------------------------------------------------------

_HOURS_STD = ("周一至周五 9:00–12:00，13:30–17:30", "Mon–Fri 9:00–12:00 and 13:30–17:30")
_HOURS_SAT = (
    "周一至周五 9:00–12:00，13:30–17:30；周六 9:00–12:00",
    "Mon–Fri 9:00–12:00 and 13:30–17:30; Sat 9:00–12:00",
)
_HOURS_EARLY = ("周一至周五 8:30–12:00，13:00–17:00", "Mon–Fri 8:30–12:00 and 13:00–17:00")
_HOURS_NOON = ("周一至周五 9:00–17:00（中午不休息）", "Mon–Fri 9:00–17:00 (open at lunchtime)")
_HOURS_EARLY_SAT = (
    "周一至周五 8:30–12:00，13:00–17:00；周六 9:00–12:00",
    "Mon–Fri 8:30–12:00 and 13:00–17:00; Sat 9:00–12:00",
)

# The notaries' working week behind each published opening-hours text:
# {weekday (0 = Monday): [("HH:MM", "HH:MM"), ...]}.
_WEEKDAYS = range(5)
_STD = (("09:00", "12:00"), ("13:30", "17:30"))
_EARLY = (("08:30", "12:00"), ("13:00", "17:00"))
_SAT = (("09:00", "12:00"),)
WORKING_WEEKS: dict[str, dict[int, tuple[tuple[str, str], ...]]] = {
    _HOURS_STD[1]: dict.fromkeys(_WEEKDAYS, _STD),
    _HOURS_SAT[1]: {**dict.fromkeys(_WEEKDAYS, _STD), 5: _SAT},
    _HOURS_EARLY[1]: dict.fromkeys(_WEEKDAYS, _EARLY),
    _HOURS_NOON[1]: dict.fromkeys(_WEEKDAYS, (("09:00", "17:00"),)),
    _HOURS_EARLY_SAT[1]: {**dict.fromkeys(_WEEKDAYS, _EARLY), 5: _SAT},
}

_ORDINALS = {1: ("第一", "First"), 2: ("第二", "Second"), 3: ("第三", "Third")}
_DISTRICT_NAMES = {slug: (zh, en) for slug, zh, en in DISTRICTS}


def _office(
    district: str,
    ordinal: int,
    kind: str,
    street_zh: str,
    street_en: str,
    phone: str,
    hours: tuple[str, str],
    weight: int,
    excluded: tuple[str, ...] = (),
) -> dict:
    district_zh, district_en = _DISTRICT_NAMES[district]
    short_zh = district_zh.removesuffix("区")
    short_en = district_en.removesuffix(" District")
    ord_zh, ord_en = _ORDINALS[ordinal]
    return {
        "slug": f"{district}-{ord_en.lower()}",
        "name_zh": f"北京市{short_zh}{ord_zh}公证处",
        "name_en": f"{short_en} {ord_en} Notary Office",
        "district": district,
        "kind": kind,
        "address_zh": f"北京市{district_zh}{street_zh}",
        "address_en": f"{street_en}, {district_en}, Beijing",
        "phone": phone,
        "opening_hours_zh": hours[0],
        "opening_hours_en": hours[1],
        "weight": weight,
        "excluded_categories": list(excluded),
    }


OFFICES: list[dict] = [
    _office(
        "dongcheng", 1, "public", "安和街26号", "No. 26 Anhe Street", "010-64052611", _HOURS_SAT, 24
    ),
    _office(
        "dongcheng",
        2,
        "cooperative",
        "育德胡同15号",
        "No. 15 Yude Hutong",
        "010-65137720",
        _HOURS_STD,
        18,
    ),
    _office(
        "xicheng", 1, "public", "福源街8号", "No. 8 Fuyuan Street", "010-66183405", _HOURS_SAT, 24
    ),
    _office(
        "xicheng",
        2,
        "public",
        "广宁路33号",
        "No. 33 Guangning Road",
        "010-68321957",
        _HOURS_EARLY,
        18,
    ),
    _office(
        "chaoyang", 1, "public", "和乐路18号", "No. 18 Hele Road", "010-65906218", _HOURS_SAT, 28
    ),
    _office(
        "chaoyang",
        2,
        "public",
        "东湖北街66号",
        "No. 66 Donghu North Street",
        "010-64728830",
        _HOURS_NOON,
        24,
    ),
    _office(
        "chaoyang",
        3,
        "cooperative",
        "兴盛路9号院2号楼",
        "Building 2, No. 9 Xingsheng Road",
        "010-67765342",
        _HOURS_EARLY_SAT,
        20,
    ),
    _office(
        "haidian", 1, "public", "文慧路21号", "No. 21 Wenhui Road", "010-62238470", _HOURS_SAT, 28
    ),
    _office(
        "haidian", 2, "public", "明理路45号", "No. 45 Mingli Road", "010-82614093", _HOURS_STD, 24
    ),
    _office(
        "haidian",
        3,
        "cooperative",
        "知行街12号",
        "No. 12 Zhixing Street",
        "010-62987156",
        _HOURS_NOON,
        20,
    ),
    _office(
        "fengtai", 1, "public", "丰泽路30号", "No. 30 Fengze Road", "010-63815024", _HOURS_SAT, 20
    ),
    _office(
        "fengtai",
        2,
        "cooperative",
        "花乡南街7号",
        "No. 7 Huaxiang South Street",
        "010-87526631",
        _HOURS_STD,
        14,
    ),
    _office(
        "shijingshan",
        1,
        "public",
        "永安路16号",
        "No. 16 Yong'an Road",
        "010-68874502",
        _HOURS_STD,
        14,
    ),
    _office(
        "mentougou",
        1,
        "public",
        "新桥东街5号",
        "No. 5 Xinqiao East Street",
        "010-69842317",
        _HOURS_EARLY,
        9,
        ("evidence-preservation",),
    ),
    _office(
        "fangshan",
        1,
        "public",
        "良乡兴业路27号",
        "No. 27 Xingye Road, Liangxiang",
        "010-69361248",
        _HOURS_STD,
        14,
    ),
    _office(
        "tongzhou",
        1,
        "public",
        "运河西街19号",
        "No. 19 Yunhe West Street",
        "010-69553086",
        _HOURS_SAT,
        18,
    ),
    _office(
        "tongzhou",
        2,
        "cooperative",
        "潞苑南路8号",
        "No. 8 Luyuan South Road",
        "010-81527419",
        _HOURS_STD,
        12,
    ),
    _office(
        "shunyi", 1, "public", "仁和路36号", "No. 36 Renhe Road", "010-69447725", _HOURS_EARLY, 14
    ),
    _office(
        "changping",
        1,
        "public",
        "府前东街11号",
        "No. 11 Fuqian East Street",
        "010-69716354",
        _HOURS_SAT,
        18,
    ),
    _office(
        "changping",
        2,
        "public",
        "龙泽北路23号",
        "No. 23 Longze North Road",
        "010-81758062",
        _HOURS_NOON,
        12,
    ),
    _office(
        "daxing", 1, "public", "康泰路14号", "No. 14 Kangtai Road", "010-69237841", _HOURS_SAT, 16
    ),
    _office(
        "huairou",
        1,
        "public",
        "雁栖东街6号",
        "No. 6 Yanqi East Street",
        "010-69628153",
        _HOURS_EARLY,
        9,
        ("evidence-preservation",),
    ),
    _office(
        "pinggu",
        1,
        "public",
        "桃源路10号",
        "No. 10 Taoyuan Road",
        "010-69962547",
        _HOURS_STD,
        8,
        ("evidence-preservation", "supervision-and-deposits"),
    ),
    _office(
        "miyun", 1, "public", "水源路4号", "No. 4 Shuiyuan Road", "010-69043378", _HOURS_EARLY, 9
    ),
    _office(
        "yanqing",
        1,
        "public",
        "夏都西街3号",
        "No. 3 Xiadu West Street",
        "010-69186624",
        _HOURS_STD,
        8,
        ("contracts-and-business",),
    ),
]

# ---------------------------------------------------------------------------
# Name parts for inventing notaries (hanzi, pinyin)
# ---------------------------------------------------------------------------

SURNAMES: list[tuple[str, str]] = [
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("黄", "Huang"),
    ("赵", "Zhao"),
    ("吴", "Wu"),
    ("周", "Zhou"),
    ("徐", "Xu"),
    ("孙", "Sun"),
    ("马", "Ma"),
    ("朱", "Zhu"),
    ("胡", "Hu"),
    ("郭", "Guo"),
    ("何", "He"),
    ("高", "Gao"),
    ("林", "Lin"),
    ("罗", "Luo"),
    ("郑", "Zheng"),
    ("梁", "Liang"),
    ("谢", "Xie"),
    ("宋", "Song"),
    ("唐", "Tang"),
    ("许", "Xu"),
    ("韩", "Han"),
    ("冯", "Feng"),
    ("邓", "Deng"),
    ("曹", "Cao"),
    ("彭", "Peng"),
    ("曾", "Zeng"),
    ("肖", "Xiao"),
    ("田", "Tian"),
    ("董", "Dong"),
    ("袁", "Yuan"),
    ("潘", "Pan"),
    ("于", "Yu"),
    ("蒋", "Jiang"),
    ("蔡", "Cai"),
    ("余", "Yu"),
    ("杜", "Du"),
    ("叶", "Ye"),
    ("程", "Cheng"),
    ("苏", "Su"),
    ("魏", "Wei"),
    ("吕", "Lyu"),
    ("丁", "Ding"),
    ("任", "Ren"),
    ("沈", "Shen"),
    ("姚", "Yao"),
    ("卢", "Lu"),
    ("姜", "Jiang"),
    ("崔", "Cui"),
    ("钟", "Zhong"),
    ("谭", "Tan"),
    ("陆", "Lu"),
    ("范", "Fan"),
    ("金", "Jin"),
    ("石", "Shi"),
    ("贾", "Jia"),
    ("夏", "Xia"),
    ("付", "Fu"),
    ("方", "Fang"),
    ("白", "Bai"),
    ("孟", "Meng"),
]

GIVEN_NAME_CHARS: list[tuple[str, str]] = [
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("娟", "juan"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀", "xiu"),
    ("霞", "xia"),
    ("平", "ping"),
    ("刚", "gang"),
    ("英", "ying"),
    ("华", "hua"),
    ("建", "jian"),
    ("国", "guo"),
    ("文", "wen"),
    ("红", "hong"),
    ("玉", "yu"),
    ("兰", "lan"),
    ("志", "zhi"),
    ("新", "xin"),
    ("海", "hai"),
    ("丹", "dan"),
    ("慧", "hui"),
    ("晨", "chen"),
    ("雪", "xue"),
    ("琳", "lin"),
    ("欣", "xin"),
    ("宇", "yu"),
    ("浩", "hao"),
    ("鹏", "peng"),
    ("辉", "hui"),
    ("鑫", "xin"),
    ("博", "bo"),
    ("婷", "ting"),
    ("颖", "ying"),
    ("倩", "qian"),
    ("晓", "xiao"),
    ("东", "dong"),
    ("亮", "liang"),
    ("斌", "bin"),
    ("宁", "ning"),
    ("峰", "feng"),
    ("波", "bo"),
    ("云", "yun"),
    ("莉", "li"),
    ("萍", "ping"),
    ("燕", "yan"),
    ("梅", "mei"),
    ("佳", "jia"),
    ("嘉", "jia"),
    ("俊", "jun"),
    ("凯", "kai"),
    ("帆", "fan"),
    ("冰", "bing"),
    ("璐", "lu"),
    ("瑶", "yao"),
    ("怡", "yi"),
    ("航", "hang"),
    ("阳", "yang"),
    ("昊", "hao"),
    ("睿", "rui"),
    ("哲", "zhe"),
    ("楠", "nan"),
    ("蕾", "lei"),
    ("悦", "yue"),
    ("彤", "tong"),
    ("琪", "qi"),
    ("思", "si"),
    ("雨", "yu"),
    ("天", "tian"),
    ("立", "li"),
    ("春", "chun"),
    ("秋", "qiu"),
]


# ---------------------------------------------------------------------------
# Legal-aid centres: one per district, run by the district's justice bureau (invented addresses
# and numbers, like the offices')
# ---------------------------------------------------------------------------

LEGAL_AID_CENTRES: list[dict] = [
    {
        "slug": f"{slug}-legal-aid",
        "district": slug,
        "name_zh": f"{name_zh}法律援助中心",
        "name_en": f"{name_en} Legal Aid Centre",
        "address_zh": f"{name_zh}公共法律服务中心一层（示例地址）{position}号",
        "address_en": (
            f"Ground floor, No. {position} Public Legal Services Centre, {name_en} (invented)"
        ),
        "phone": f"010-6{position:02d}12348",
    }
    for position, (slug, name_zh, name_en) in enumerate(DISTRICTS, start=1)
]

# The bureau's economic hardship standard (illustrative: about twice a minimum-allowance line).
LEGAL_AID_HARDSHIP_STANDARD: dict = {
    "monthly_income_per_person": "2640.00",
    "in_force_from": "2026-01-01",
    "explanation_zh": (
        "家庭成员人均月收入不超过本市最低生活保障标准的两倍。最低生活保障对象、特困供养人员等"
        "无需再证明经济困难。"
    ),
    "explanation_en": (
        "Household income per member of at most twice the city's minimum living allowance line. "
        "Recipients of the allowance and people in extreme poverty support need not prove it again."
    ),
}

_ID = ("居民身份证", "Resident identity card")
_HARDSHIP = (
    "经济困难状况说明表（本人签名承诺）",
    "Statement of economic hardship (signed by you)",
)

LEGAL_AID_CASE_KINDS: list[dict] = [
    {
        "slug": "unpaid-wages",
        "name_zh": "追索劳动报酬",
        "name_en": "Claiming unpaid wages",
        "summary_zh": "用人单位拖欠或克扣工资、加班费，申请劳动仲裁或起诉。",
        "summary_en": "An employer withholds or cuts wages or overtime pay: arbitration or a suit.",
        "eligibility_zh": "农民工追索劳动报酬不审查经济困难状况；其他劳动者须符合经济困难标准。",
        "eligibility_en": (
            "Migrant workers claiming wages are not asked about hardship; other workers must "
            "meet the economic hardship standard."
        ),
        "hardship_waived": True,
        "documents": [
            (*_ID, "original_and_copy", "applicant", False, "", ""),
            (
                "劳动关系证明（劳动合同、工牌、工资条等）",
                "Proof of employment (contract, badge, payslips)",
                "copy",
                "applicant",
                False,
                "有哪份交哪份",
                "Whatever you have",
            ),
            (
                "欠薪情况说明",
                "Statement of the unpaid wages",
                "original",
                "applicant",
                False,
                "",
                "",
            ),
        ],
    },
    {
        "slug": "work-injury",
        "name_zh": "请求工伤事故人身损害赔偿",
        "name_en": "Work-injury compensation",
        "summary_zh": "因工受伤或患职业病，请求工伤认定、工伤保险待遇或赔偿。",
        "summary_en": (
            "Injured at work or ill from it: recognition as a work injury, insurance benefits "
            "or compensation."
        ),
        "eligibility_zh": "农民工请求工伤赔偿不审查经济困难状况；其他申请人须符合经济困难标准。",
        "eligibility_en": (
            "Migrant workers are not asked about hardship; other applicants must meet the "
            "economic hardship standard."
        ),
        "hardship_waived": True,
        "documents": [
            (*_ID, "original_and_copy", "applicant", False, "", ""),
            ("病历及诊断证明", "Medical records and diagnosis", "copy", "applicant", False, "", ""),
            ("劳动关系证明", "Proof of employment", "copy", "applicant", False, "", ""),
        ],
    },
    {
        "slug": "maintenance",
        "name_zh": "请求给付赡养费、抚养费、扶养费",
        "name_en": "Claiming maintenance or child support",
        "summary_zh": "老人、子女或配偶请求支付赡养费、抚养费或扶养费。",
        "summary_en": "Parents, children or a spouse claim maintenance or child support.",
        "eligibility_zh": "须符合经济困难标准；老年人、未成年人、困难单亲母亲优先受理。",
        "eligibility_en": (
            "The economic hardship standard applies; the elderly, minors and single mothers in "
            "difficulty are served first."
        ),
        "hardship_waived": False,
        "documents": [
            (*_ID, "original_and_copy", "applicant", False, "", ""),
            (*_HARDSHIP, "original", "applicant", True, "", ""),
            (
                "亲属关系证明（户口簿、出生医学证明等）",
                "Proof of the family relationship (household register, birth certificate)",
                "copy",
                "applicant",
                False,
                "",
                "",
            ),
        ],
    },
    {
        "slug": "domestic-violence",
        "name_zh": "家庭暴力受害人申请人身安全保护令",
        "name_en": "Protection order for victims of domestic violence",
        "summary_zh": "遭受家庭暴力或面临家庭暴力现实危险，申请人身安全保护令或提起诉讼。",
        "summary_en": (
            "Suffering domestic violence or in real danger of it: a personal safety protection "
            "order or a suit."
        ),
        "eligibility_zh": "须符合经济困难标准；未成年人、老年人、残疾人可由近亲属代为申请。",
        "eligibility_en": (
            "The economic hardship standard applies; a close relative may apply for a minor, an "
            "elderly or a disabled person."
        ),
        "hardship_waived": False,
        "documents": [
            (*_ID, "original_and_copy", "applicant", False, "", ""),
            (*_HARDSHIP, "original", "applicant", True, "", ""),
            (
                "受暴证据（报警回执、告诫书、伤情照片、病历等）",
                "Evidence of the violence (police "
                "receipt, warning letter, photos, medical records)",
                "copy",
                "applicant",
                False,
                "有哪份交哪份",
                "Whatever you have",
            ),
        ],
    },
    {
        "slug": "veterans-benefits",
        "name_zh": "军人军属、退役军人请求给予优抚待遇",
        "name_en": "Benefits of military families and veterans",
        "summary_zh": "军人军属、退役军人请求给予社会保险待遇、优抚待遇或维护其他合法权益。",
        "summary_en": (
            "Military families and veterans claim social insurance or preferential treatment, "
            "or defend other rights."
        ),
        "eligibility_zh": "军人军属、退役军人申请不审查经济困难状况。",
        "eligibility_en": "Military families and veterans are not asked about hardship.",
        "hardship_waived": True,
        "documents": [
            (*_ID, "original_and_copy", "applicant", False, "", ""),
            (
                "军人证、退役证或军属证明",
                "Military, veteran or military-family certificate",
                "copy",
                "applicant",
                False,
                "",
                "",
            ),
        ],
    },
]
