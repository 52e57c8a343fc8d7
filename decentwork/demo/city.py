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
class ProgrammePlan:
    """A programme the site runs besides its short skill courses (``casework.py``
    offers places in it): its title, provider and the ESCO skills it teaches (URIs,
    skills no vacancy requires, so that the recommendations never suggest it for a
    missing skill)."""

    title: str
    provider: str
    skills: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class CaseworkWords:
    """What counsellors and people write in casework, in the site's language."""

    # The ILO's Start and Improve Your Business course (an entrepreneurship course),
    # a language course, a digital-skills course, job-search coaching, an internship.
    entrepreneurship: ProgrammePlan
    language_course: ProgrammePlan
    digital_course: ProgrammePlan
    coaching: ProgrammePlan
    internship: ProgrammePlan
    # The plan steps of those programmes, in plain words.
    entrepreneurship_step: str = ""
    coaching_step: str = ""
    internship_step: str = ""
    course_step: str = "{course}"
    # The person's goals, in their own words; some want a business of their own.
    goals: tuple[str, ...] = ()
    own_business_goals: tuple[str, ...] = ()
    # "{jobs}" is the work they have done; the other for those who have not worked.
    worked_before: str = "{jobs}"
    never_worked: str = ""
    # Case notes: ordinary ones, confidential ones, after an appointment missed.
    notes: tuple[str, ...] = ()
    confidential_notes: tuple[str, ...] = ()
    no_show_notes: tuple[str, ...] = ()
    appointment_purposes: tuple[str, ...] = ()
    certificate: str = "{number}"
    drop_out_reasons: tuple[str, ...] = ()
    # Programmes of social assistance, as the site calls them.
    assistance_programmes: tuple[str, ...] = ()
    # Businesses people start after the entrepreneurship course ({place}).
    own_businesses: tuple[str, ...] = ()


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
    casework: CaseworkWords | None = None


ESCO_SKILL = "http://data.europa.eu/esco/skill/"
# Skills the demo's own programmes teach (optional in some occupations, essential in none).
ENTREPRENEURIAL_SPIRIT = ESCO_SKILL + "bdcf429c-5ccf-4c3d-bb61-4c987573a35e"
SALES_RECORDS = "urn:decentwork:demo:skill:sales-records"
SMARTPHONE_FOR_WORK = "urn:decentwork:demo:skill:smartphone"
USE_E_SERVICES = ESCO_SKILL + "16a00c69-9c74-4c37-96d7-6301d285e5ce"
APPROACH_CHALLENGES = ESCO_SKILL + "469748ce-051a-407e-9099-0c9415ac2705"
MEET_COMMITMENTS = ESCO_SKILL + "113b4428-0a31-4199-8496-070af7854b91"
ASSUME_RESPONSIBILITY = ESCO_SKILL + "199f7919-5114-41b6-b6a5-41e0e4896ec1"
SPEAK_TURKISH = ESCO_SKILL + "29c954f2-ed17-4900-bba5-4cfd294f3680"
WRITE_TURKISH = ESCO_SKILL + "20d51474-58e1-4fb3-aec3-57bdc187c5ce"
SPEAK_CHINESE = ESCO_SKILL + "702d3840-308a-4d4a-ab61-f40f87d47fff"


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
    casework=CaseworkWords(
        entrepreneurship=ProgrammePlan(
            "İşini Kur ve Geliştir (SIYB) – Girişimcilik Eğitimi",
            "İŞKUR ve ILO Türkiye Ofisi", (ENTREPRENEURIAL_SPIRIT, SALES_RECORDS),
            "ILO'nun Start and Improve Your Business programı: iş fikri, iş planı, "
            "maliyet ve satış kayıtları. Beş hafta, haftada üç akşam."),
        language_course=ProgrammePlan("Türkçe kursu (A1–A2), iş hayatı için",
                                      "Kadıköy Halk Eğitim Merkezi",
                                      (SPEAK_TURKISH, WRITE_TURKISH)),
        digital_course=ProgrammePlan("Dijital beceriler: telefon ve e-Devlet ile iş arama",
                                     "Üsküdar Meslek Kursları",
                                     (SMARTPHONE_FOR_WORK, USE_E_SERVICES)),
        coaching=ProgrammePlan("İş arama koçluğu (8 hafta)", "İŞKUR İş ve Meslek Danışmanları",
                               (APPROACH_CHALLENGES, MEET_COMMITMENTS)),
        internship=ProgrammePlan("İşbaşı Eğitim Programı (staj)", "İŞKUR",
                                 (ASSUME_RESPONSIBILITY, MEET_COMMITMENTS)),
        entrepreneurship_step="Girişimcilik eğitimine (SIYB) katıl ve iş planını yaz",
        coaching_step="Haftalık iş arama koçluğu görüşmelerine katıl",
        internship_step="İşbaşı eğitim programında bir staj yap",
        course_step="Kursa katıl: {course}",
        goals=("Çocuklar okuldayken yarı zamanlı çalışmak istiyorum.",
               "Eski mesleğime dönmek istiyorum.", "Sigortalı, düzenli bir iş istiyorum.",
               "Evime yakın bir yerde çalışmak istiyorum.",
               "Yeni bir meslek öğrenmek istiyorum.",
               "Türkçemi geliştirip kendi alanımda çalışmak istiyorum.",
               "Ailemi geçindirecek kadar kazanmak istiyorum."),
        own_business_goals=("Kendi işimi kurmak istiyorum, ev yemekleri satmak gibi.",
                             "Küçük bir terzi atölyesi açmak istiyorum.",
                             "Pazarda kendi tezgâhımı açmak istiyorum."),
        worked_before="Daha önce çalıştığı işler: {jobs}.",
        never_worked="Daha önce düzenli bir işte çalışmadı.",
        notes=("İlk görüşme yapıldı; CV birlikte güncellendi.",
               "Başvurduğu ilanları birlikte gözden geçirdik.",
               "Mülakata hazırlık yaptık; sorular üzerinde çalıştık.",
               "Telefonla görüşüldü; kurs kaydı hatırlatıldı.",
               "Yeni ilanlar hakkında bilgi verildi.",
               "İş planının adımları konuşuldu; takvim uygun."),
        confidential_notes=("Sağlık durumu nedeniyle ağır işlerde çalışamıyor; rapor var.",
                            "Aile içi zor bir dönemden geçiyor; sosyal hizmete yönlendirildi.",
                            "Borç nedeniyle icra takibi var; borç danışmanlığı önerildi."),
        no_show_notes=("Randevuya gelmedi; telefonla ulaşılamadı.",
                       "Gelmedi; mesaj bırakıldı, yeni randevu verilecek."),
        appointment_purposes=("Eylem planının gözden geçirilmesi", "İş arama görüşmesi",
                              "Mülakata hazırlık", "Kurs sonrası değerlendirme",
                              "CV güncelleme"),
        certificate="Kurs bitirme belgesi no. {number}",
        drop_out_reasons=("Çocuk bakımı nedeniyle devam edemedi.",
                          "İş buldu, kurs saatleri uymadı.",
                          "Sağlık sorunları nedeniyle bıraktı.",
                          "Ulaşım masrafını karşılayamadı."),
        assistance_programmes=("SYDV düzenli nakdi yardım", "Şartlı nakit desteği",
                               "Engelli aylığı"),
        own_businesses=("Kendi işi: ev yemekleri ({place})", "Kendi işi: terzi atölyesi ({place})",
                        "Kendi işi: pazar tezgâhı ({place})",
                        "Kendi işi: kuaför salonu ({place})"),
    ),
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
    casework=CaseworkWords(
        entrepreneurship=ProgrammePlan(
            "创办和改善你的企业（SIYB）创业培训", "杭州市人力社保局与国际劳工组织",
            (ENTREPRENEURIAL_SPIRIT, SALES_RECORDS),
            "国际劳工组织的SIYB项目：创业想法、商业计划、成本与销售记录。五周，每周三个晚上。"),
        language_course=ProgrammePlan("普通话与职场沟通培训", "杭州社区学院", (SPEAK_CHINESE,)),
        digital_course=ProgrammePlan("数字技能：用手机和政务服务网找工作", "西湖区职业技能培训中心",
                                     (SMARTPHONE_FOR_WORK, USE_E_SERVICES)),
        coaching=ProgrammePlan("求职辅导（八周）", "拱墅区就业服务中心",
                               (APPROACH_CHALLENGES, MEET_COMMITMENTS)),
        internship=ProgrammePlan("就业见习计划", "杭州市就业管理服务中心",
                                 (ASSUME_RESPONSIBILITY, MEET_COMMITMENTS)),
        entrepreneurship_step="参加SIYB创业培训，写出自己的商业计划",
        coaching_step="每周参加一次求职辅导",
        internship_step="参加就业见习",
        course_step="参加培训：{course}",
        goals=("想找一份离家近的工作。", "希望有五险一金的正式工作。",
               "想回到以前的行业工作。", "孩子上学的时候想做半天的工作。",
               "想学一门新手艺。", "想找一份稳定、收入够养家的工作。"),
        own_business_goals=("想自己开一家早餐店。", "想开网店卖家乡的土特产。",
                            "想在市场里租个摊位。"),
        worked_before="以前做过的工作：{jobs}。",
        never_worked="以前没有正式工作过。",
        notes=("初次面谈，一起更新了简历。", "一起看了申请过的岗位。",
               "做了面试准备，练习了常见问题。", "电话沟通，提醒了培训报名。",
               "介绍了新的招聘信息。", "讨论了行动计划的进展，时间安排合适。"),
        confidential_notes=("因健康原因不能做重体力活，有医院证明。",
                            "家庭遇到困难，已转介社区社工。",
                            "有债务问题，建议参加债务咨询。"),
        no_show_notes=("没有来，电话也没接通。", "没有来，已留言，将重新预约。"),
        appointment_purposes=("回顾行动计划", "求职面谈", "面试准备", "培训结束后的评估",
                              "更新简历"),
        certificate="结业证书编号 {number}",
        drop_out_reasons=("要照顾孩子，无法继续。", "找到工作，时间冲突。", "因健康原因退出。",
                          "交通费用负担不起。"),
        assistance_programmes=("城乡居民最低生活保障（低保）", "临时救助", "困难残疾人生活补贴"),
        own_businesses=("个体经营：早餐店（{place}）", "个体经营：网店（{place}）",
                        "个体经营：市场摊位（{place}）", "个体经营：裁缝铺（{place}）"),
    ),
)

SITES = (ISTANBUL, HANGZHOU)
