"""The synthetic city: the places, people and names of the demo, written by us.

Two sites (Istanbul and Hangzhou), one labour-market region each with two offices.
Names are common given and family names of each place, combined at random.

Its labour market has a shape: each employer belongs to a sector and posts
vacancies for the occupations that sector hires; people have done that local work,
or work from where they come from (farming, a market stall, interpreting) that no
employer here offers, so some of them honestly find little in the lists.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OfficePlan:
    slug: str
    name: str
    latitude: float
    longitude: float
    places: tuple[str, ...]


@dataclass(frozen=True)
class SitePlan:
    slug: str
    name: str
    country: str
    language: str
    taxonomy_language: str
    region_slug: str
    region_name: str
    offices: tuple[OfficePlan, ...]
    given_names_women: tuple[str, ...]
    given_names_men: tuple[str, ...]
    family_names: tuple[str, ...]
    employer_stems: tuple[str, ...]
    employer_suffixes: tuple[tuple[str, str], ...]  # (suffix, sector in SECTORS)
    # Who runs the short courses the demo offers, and how a course is titled ({skill}).
    training_providers: tuple[str, ...] = ()
    course_title: str = "{skill}"
    name_separator: str = " "  # Chinese names are written without spaces.
    # Where people find work outside the platform, and whether that work is
    # registered: informal work (market stalls, domestic work, delivery by app,
    # family workshops) is a large part of both labour markets.
    outside_employers: tuple[tuple[str, bool], ...] = ()
    # What employers and counsellors write in their own words, in the site's language.
    other_refusal_notes: tuple[str, ...] = ()
    withdrawal_notes: tuple[str, ...] = ()
    job_ended_notes: tuple[str, ...] = ()
    # Work people here have done that no employer here offers (ESCO preferred labels).
    work_done_elsewhere: tuple[str, ...] = ()


# What each sector hires, by the occupations' ESCO preferred labels in English.
# Occupations in no sector (farming, market stalls, interpreting, taxi driving,
# hairdressing, child care...) get no vacancy in the demo.
SECTORS: dict[str, tuple[str, ...]] = {
    "garment": ("sewing machine operator", "sewing machinist", "clothing cutter",
                "clothing finisher", "wearing apparel presser", "textile machine operator",
                "footwear production machine operator", "tailor", "hand packer",
                "warehouse worker", "bookkeeper"),
    "logistics": ("warehouse worker", "warehouse order picker", "forklift operator",
                  "car and van delivery driver", "motorcycle delivery person", "bicycle courier",
                  "cargo vehicle driver", "hand packer", "vehicle technician",
                  "data entry clerk", "office clerk"),
    "care": ("healthcare assistant", "nurse assistant", "home care aide", "care home worker",
             "social care worker", "disability support worker",
             "nurse responsible for general care", "physiotherapy assistant",
             "hospital porter", "kitchen assistant", "domestic cleaner", "receptionist"),
    "food": ("food production operator", "packaging and filling machine operator", "baker",
             "butcher", "fish production operator", "fish preparation operator", "hand packer",
             "forklift operator", "industrial machinery mechanic", "warehouse worker"),
    "construction": ("building construction worker", "bricklayer", "electrician", "plumber",
                     "carpenter", "construction painter", "tile fitter", "plasterer",
                     "construction scaffolder", "concrete finisher", "road construction worker",
                     "welder", "administrative assistant"),
    "cafe": ("barista", "waiter/waitress", "kitchen assistant", "cook", "baker", "cashier",
             "kitchen porter", "bartender"),
    "hotel": ("hospitality establishment receptionist", "room attendant", "chef", "cook",
              "waiter/waitress", "kitchen porter", "bartender", "laundry worker",
              "security guard", "building cleaner"),
    "retail": ("shop assistant", "sales assistant", "cashier", "butcher", "baker",
               "warehouse worker", "security guard", "hand packer", "call centre agent"),
    "technology": ("software developer", "web developer", "web designer",
                   "ICT help desk agent", "ICT technician", "call centre agent",
                   "data entry clerk", "administrative assistant",
                   "electronic equipment assembler", "electrical equipment assembler"),
    "cleaning": ("building cleaner", "domestic cleaner", "room attendant", "vehicle cleaner",
                 "laundry worker", "street sweeper", "refuse collector"),
}


ISTANBUL = SitePlan(
    slug="istanbul", name="Istanbul", country="TR", language="tr", taxonomy_language="tr",
    region_slug="anadolu", region_name="İstanbul Anadolu Yakası",
    offices=(
        OfficePlan("kadikoy", "Kadıköy", 40.9909, 29.0303,
                   ("Moda", "Fenerbahçe", "Göztepe", "Acıbadem", "Kozyatağı")),
        OfficePlan("uskudar", "Üsküdar", 41.0256, 29.0152,
                   ("Altunizade", "Çengelköy", "Ümraniye", "Bağlarbaşı", "Kısıklı")),
    ),
    given_names_women=("Ayşe", "Fatma", "Zeynep", "Elif", "Emine", "Hatice", "Merve", "Esra",
                       "Zehra", "Selin", "Derya", "Gül", "Hülya", "Nur", "Yasemin", "Amal"),
    given_names_men=("Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim",
                     "Murat", "Emre", "Burak", "Yusuf", "Ömer", "Can", "Kemal", "Omar", "Khaled"),
    family_names=("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk",
                  "Aydın", "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Al-Hamwi",
                  "Haddad"),
    employer_stems=("Anadolu", "Boğaziçi", "Marmara", "Kadıköy", "Moda", "Lale", "Çınar",
                    "Yıldız", "Deniz", "Güneş", "Ege", "Toros", "Kartal", "Pera", "Bulvar"),
    employer_suffixes=(("Tekstil A.Ş.", "garment"), ("Lojistik Ltd.", "logistics"),
                       ("Bakım Hizmetleri", "care"), ("Gıda San.", "food"),
                       ("İnşaat A.Ş.", "construction"), ("Kafe", "cafe"),
                       ("Otelcilik", "hotel"), ("Market Zinciri", "retail"),
                       ("Yazılım A.Ş.", "technology"), ("Temizlik Hizmetleri", "cleaning")),
    training_providers=("Kadıköy Halk Eğitim Merkezi", "Üsküdar Meslek Kursları",
                        "Engelsiz Yaşam Derneği Atölyesi"),
    course_title="Kısa kurs: {skill}",
    outside_employers=(("Salı Pazarı tezgâhı", False), ("Mahalle bakkalı", False),
                       ("Aile atölyesi (konfeksiyon)", False), ("Ev temizliği, özel hane", False),
                       ("Kurye uygulaması", False), ("Kadıköy Belediyesi Park Bahçeler", True),
                       ("Özel huzurevi", True), ("Zincir eczane", True)),
    other_refusal_notes=("Vardiya saatleri adaya uymadı.", "Bu iş için ehliyet gerekiyor.",
                         "Aday başka bir semte taşınıyor.",
                         "İşyeri adayın oturduğu yere çok uzak."),
    withdrawal_notes=("Başka bir iş buldu.", "Çocuk bakımı nedeniyle şimdilik başvurmuyor.",
                      "Ücret beklentisini karşılamıyor."),
    job_ended_notes=("Belirli süreli sözleşme bitti.", "Deneme süresinde ayrıldı.",
                     "İşyeri kapandı."),
    # Farm work in Anatolia or Syria, trades of the street and the neighbourhood,
    # interpreting for refugees.
    work_done_elsewhere=("fruit and vegetable picker", "crop production worker",
                         "livestock worker", "market vendor", "street food vendor",
                         "interpreter", "translator", "dressmaker", "taxi driver",
                         "hairdresser", "barber", "child care worker"),
)

HANGZHOU = SitePlan(
    slug="hangzhou", name="Hangzhou", country="CN", language="zh-hans", taxonomy_language="zh",
    region_slug="hangzhou-urban", region_name="杭州市区",
    offices=(
        OfficePlan("xihu", "西湖区", 30.2597, 120.1300, ("文新", "古荡", "翠苑", "北山", "转塘")),
        OfficePlan("gongshu", "拱墅区", 30.3195, 120.1420,
                   ("米市巷", "湖墅", "小河", "大关", "和睦")),
    ),
    given_names_women=("秀英", "丽", "敏", "静", "婷", "芳", "娜", "霞", "燕", "玲", "雪", "慧"),
    given_names_men=("伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平"),
    family_names=("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "朱",
                  "胡", "沈"),
    employer_stems=("西湖", "钱塘", "运河", "之江", "拱宸", "龙井", "灵隐", "武林", "天目",
                    "湖滨", "良渚", "富春", "滨江", "余杭", "萧山"),
    employer_suffixes=(("服装有限公司", "garment"), ("物流有限公司", "logistics"),
                       ("养老服务中心", "care"), ("食品有限公司", "food"),
                       ("建筑工程有限公司", "construction"), ("咖啡馆", "cafe"), ("酒店", "hotel"),
                       ("超市", "retail"), ("科技有限公司", "technology"),
                       ("保洁服务公司", "cleaning")),
    training_providers=("西湖区职业技能培训中心", "拱墅区残疾人职业培训基地", "杭州社区学院"),
    course_title="技能短期培训：{skill}",
    name_separator="",
    outside_employers=(("四季青服装市场摊位", False), ("社区早餐店", False),
                       ("家政服务（私人家庭）", False), ("外卖配送平台", False),
                       ("家庭手工作坊", False), ("西湖区环卫所", True),
                       ("社区养老服务站", True), ("连锁药店", True)),
    other_refusal_notes=("班次时间不适合候选人。", "这个岗位需要驾驶证。", "候选人即将搬到其他区。",
                         "工作地点离候选人住处太远。"),
    withdrawal_notes=("已经找到其他工作。", "因照顾孩子暂时不找工作。", "工资不符合期望。"),
    job_ended_notes=("固定期限合同到期。", "试用期内离职。", "单位停业。"),
    # Migrant workers from the countryside: farm work, home work, factory lines
    # of other provinces.
    work_done_elsewhere=("crop production worker", "fruit and vegetable picker",
                         "livestock worker", "horticulture worker", "street food vendor",
                         "market vendor", "motor vehicle assembler", "domestic housekeeper",
                         "nanny", "taxi driver"),
)

SITES = (ISTANBUL, HANGZHOU)
