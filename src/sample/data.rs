//! The vocabularies of the sample data, with weights from public statistics where there are some
//! (industries and prefectures follow the shape of Japan's business census: manufacturing and IT
//! lead among B2B buyers, Tokyo holds about a third of head offices) and plausible ones elsewhere.

/// 業種 and weight.
pub const INDUSTRIES: &[(&str, u32)] = &[
    ("製造業", 22),
    ("情報通信業", 18),
    ("卸売業・小売業", 12),
    ("サービス業", 11),
    ("建設業", 8),
    ("金融業・保険業", 6),
    ("医療・福祉", 5),
    ("不動産業・物品賃貸業", 4),
    ("運輸業・郵便業", 4),
    ("学術研究・専門・技術サービス業", 4),
    ("教育・学習支援業", 3),
    ("電気・ガス・熱供給・水道業", 2),
    ("その他", 1),
];

/// Employee-count ranges (lowest, highest) and weight: bands 1-49, 50-299, 300-999, 1000+.
pub const COMPANY_SIZES: &[((u32, u32), u32)] = &[
    ((5, 49), 30),
    ((50, 299), 35),
    ((300, 999), 20),
    ((1000, 12000), 15),
];

/// 都道府県 and weight.
pub const PREFECTURES: &[(&str, u32)] = &[
    ("東京都", 340),
    ("大阪府", 110),
    ("愛知県", 75),
    ("神奈川県", 70),
    ("福岡県", 40),
    ("埼玉県", 30),
    ("千葉県", 28),
    ("兵庫県", 28),
    ("北海道", 25),
    ("京都府", 20),
    ("静岡県", 20),
    ("広島県", 18),
    ("宮城県", 16),
    ("茨城県", 12),
    ("新潟県", 10),
    ("長野県", 10),
    ("岐阜県", 9),
    ("栃木県", 9),
    ("群馬県", 9),
    ("岡山県", 9),
    ("三重県", 8),
    ("熊本県", 8),
    ("鹿児島県", 6),
    ("沖縄県", 6),
    ("滋賀県", 6),
    ("山口県", 5),
    ("愛媛県", 5),
    ("長崎県", 5),
    ("奈良県", 5),
    ("石川県", 5),
    ("大分県", 4),
    ("富山県", 4),
    ("青森県", 4),
    ("岩手県", 4),
    ("福島県", 6),
    ("山形県", 3),
    ("秋田県", 3),
    ("和歌山県", 3),
    ("香川県", 4),
    ("徳島県", 3),
    ("高知県", 2),
    ("佐賀県", 3),
    ("宮崎県", 3),
    ("福井県", 3),
    ("山梨県", 3),
    ("鳥取県", 2),
    ("島根県", 2),
];

/// 役職 by level (経営層, 部長, 課長, 主任, 担当), the level's weight, and titles with weights.
pub const TITLES: &[(u32, &[(&str, u32)])] = &[
    (
        6,
        &[
            ("代表取締役", 3),
            ("取締役", 3),
            ("執行役員", 3),
            ("CTO", 1),
        ],
    ),
    (
        14,
        &[("部長", 6), ("本部長", 2), ("事業部長", 2), ("室長", 1)],
    ),
    (22, &[("課長", 6), ("マネージャー", 4), ("グループ長", 1)]),
    (20, &[("主任", 5), ("係長", 3), ("リーダー", 3)]),
    (38, &[("担当", 5), ("", 4), ("スタッフ", 1)]),
];

/// 部署 and weight.
pub const DEPARTMENTS: &[(&str, u32)] = &[
    ("マーケティング部", 22),
    ("営業部", 20),
    ("情報システム部", 14),
    ("経営企画部", 10),
    ("DX推進室", 8),
    ("総務部", 6),
    ("人事部", 5),
    ("カスタマーサクセス部", 5),
    ("製造部", 4),
    ("広報部", 3),
    ("購買部", 3),
];

/// 姓 (kanji, romaji) and weight.
pub const SURNAMES: &[(&str, &str, u32)] = &[
    ("佐藤", "sato", 20),
    ("鈴木", "suzuki", 18),
    ("高橋", "takahashi", 15),
    ("田中", "tanaka", 14),
    ("伊藤", "ito", 12),
    ("渡辺", "watanabe", 12),
    ("山本", "yamamoto", 11),
    ("中村", "nakamura", 11),
    ("小林", "kobayashi", 10),
    ("加藤", "kato", 9),
    ("吉田", "yoshida", 9),
    ("山田", "yamada", 8),
    ("佐々木", "sasaki", 7),
    ("山口", "yamaguchi", 7),
    ("松本", "matsumoto", 7),
    ("井上", "inoue", 6),
    ("木村", "kimura", 6),
    ("林", "hayashi", 5),
    ("斎藤", "saito", 5),
    ("清水", "shimizu", 5),
    ("髙橋", "takahashi", 1),
    ("山﨑", "yamazaki", 1),
    ("森", "mori", 4),
    ("池田", "ikeda", 4),
    ("橋本", "hashimoto", 4),
    ("阿部", "abe", 4),
    ("石川", "ishikawa", 3),
    ("前田", "maeda", 3),
];

/// 名 (kanji, romaji) and weight.
pub const GIVEN_NAMES: &[(&str, &str, u32)] = &[
    ("翔太", "shota", 5),
    ("大輔", "daisuke", 5),
    ("健一", "kenichi", 4),
    ("直樹", "naoki", 4),
    ("拓也", "takuya", 4),
    ("誠", "makoto", 4),
    ("浩二", "koji", 3),
    ("隆", "takashi", 4),
    ("美咲", "misaki", 4),
    ("陽子", "yoko", 4),
    ("由美", "yumi", 4),
    ("恵", "megumi", 3),
    ("彩", "aya", 3),
    ("真由美", "mayumi", 2),
    ("智子", "tomoko", 3),
    ("裕子", "yuko", 3),
    ("亮", "ryo", 3),
    ("健太", "kenta", 4),
    ("悠斗", "yuto", 2),
    ("さくら", "sakura", 2),
];

/// Company-name stems (written, romaji).
pub const COMPANY_STEMS: &[(&str, &str)] = &[
    ("日本", "nihon"),
    ("東洋", "toyo"),
    ("中央", "chuo"),
    ("大和", "yamato"),
    ("山田", "yamada"),
    ("みらい", "mirai"),
    ("アオバ", "aoba"),
    ("ヒカリ", "hikari"),
    ("サンライズ", "sunrise"),
    ("ネクスト", "next"),
    ("グローバル", "global"),
    ("テクノ", "techno"),
    ("北斗", "hokuto"),
    ("富士", "fuji"),
    ("さくら", "sakura"),
    ("アルファ", "alpha"),
    ("ミナト", "minato"),
    ("双葉", "futaba"),
    ("光陽", "koyo"),
    ("太平", "taihei"),
    ("明和", "meiwa"),
    ("協和", "kyowa"),
    ("三栄", "sanei"),
    ("昭和", "showa"),
    ("新星", "shinsei"),
    ("ユニティ", "unity"),
];

/// Company-name endings by industry group (written, romaji).
pub const COMPANY_ENDINGS: &[(&str, &str)] = &[
    ("製作所", "seisakusho"),
    ("工業", "kogyo"),
    ("システムズ", "systems"),
    ("ソリューションズ", "solutions"),
    ("商事", "shoji"),
    ("電機", "denki"),
    ("精機", "seiki"),
    ("ロジスティクス", "logistics"),
    ("テクノロジー", "tech"),
    ("建設", "kensetsu"),
    ("ホールディングス", "hd"),
    ("ネットワークス", "networks"),
    ("データ", "data"),
    ("メディカル", "medical"),
    ("不動産", "fudosan"),
    ("フーズ", "foods"),
];

/// Free-mail domains and weight.
pub const FREE_MAIL: &[(&str, u32)] = &[
    ("gmail.com", 5),
    ("yahoo.co.jp", 3),
    ("icloud.com", 1),
    ("outlook.jp", 1),
];

/// リードソース and weight.
pub const LEAD_SOURCES: &[(&str, u32)] = &[
    ("資料ダウンロード", 30),
    ("ウェビナー", 18),
    ("展示会", 16),
    ("問い合わせ", 10),
    ("Web広告", 12),
    ("名刺交換", 8),
    ("既存顧客紹介", 6),
];

/// Site pages (URL, weight); the pricing page is the buying signal.
pub const PAGES: &[(&str, u32)] = &[
    ("/", 20),
    ("/service", 16),
    ("/features", 12),
    ("/pricing", 8),
    ("/cases", 10),
    ("/blog/ma-scenario-design", 10),
    ("/blog/lead-scoring", 8),
    ("/seminar", 6),
    ("/contact", 4),
    ("/company", 6),
];

/// Downloadable documents and weight.
pub const DOCUMENTS: &[(&str, u32)] = &[
    ("製品カタログ", 30),
    ("導入事例集", 25),
    ("料金表", 15),
    ("ホワイトペーパー「MAシナリオ設計の基本」", 20),
    ("チェックリスト「MA運用セルフチェック」", 10),
];

/// Webinar titles, one a month in turn.
pub const WEBINARS: &[&str] = &[
    "はじめてのMAシナリオ設計",
    "スコアリングで営業連携を強くする",
    "休眠リード掘り起こしの実践",
    "SFA連携で商談化率を上げる",
    "ウェビナー後フォローの型",
    "BtoBメールの開封率改善",
];

/// Forms and weight.
pub const FORMS: &[(&str, u32)] = &[("お問い合わせ", 5), ("資料請求", 3), ("デモ依頼", 2)];
