use super::*;

fn sim(a: &str, b: &str) -> f64 {
    Fingerprint::of(a).similarity(&Fingerprint::of(b))
}

#[test]
fn numbers_dates_and_punctuation_are_set_aside() {
    assert_eq!(
        Fingerprint::of("截至2025年9月底，已完成3件行政复议案件审理。").key(),
        Fingerprint::of("截至2025年10月底已完成5件行政复议案件审理").key()
    );
    assert_eq!(
        sim(
            "七月份组织培训2次，覆盖执法人员",
            "十二月份组织培训3次；覆盖执法人员"
        ),
        1.0
    );
    // Numerals that are words stay.
    assert_eq!(Fingerprint::of("统一一是").key(), "统一一是");
}

#[test]
fn one_changed_word_is_nearly_identical_and_new_text_is_not() {
    let before = "全面推行行政执法公示制度，在县政府网站公开执法主体、依据、程序和结果";
    let one_word = "全面推行行政执法公示制度，在县政府网站公开执法主体、权限、程序和结果";
    let s = sim(before, one_word);
    assert!((0.85..1.0).contains(&s), "{s}");
    let new = "召开专题会议研究部署规范性文件备案审查工作，印发工作通知";
    assert!(sim(before, new) < 0.3, "{}", sim(before, new));
}

#[test]
fn dice_is_symmetric_and_counts_repeated_bigrams_once_each() {
    assert_eq!(
        sim("推进推进推进工作", "推进工作"),
        sim("推进工作", "推进推进推进工作")
    );
    // 推进 ×3 and 进推 ×2 against 推进 ×1: one pair shared of 5 + 1 bigrams.
    let a = Fingerprint::of("推进推进推进");
    let b = Fingerprint::of("推进");
    assert!((a.similarity(&b) - 2.0 / 6.0).abs() < 1e-9);
}

#[test]
fn short_answers_are_never_judged() {
    for t in [
        "无",
        "已完成",
        "正常推进",
        "按计划推进",
        " 无。 ",
        "2025年9月无",
    ] {
        assert!(!Fingerprint::of(t).judged(), "{t}");
    }
    assert!(Fingerprint::of("按计划有序推进中").judged());
}

#[test]
fn history_finds_the_most_similar_then_most_recent_earlier_text() {
    let p = |m| Period {
        year: 2025,
        month: m,
    };
    let earlier = |m, t: &str| Earlier {
        period: p(m),
        text: t.into(),
        print: None,
    };
    let mut h = History {
        by_task: HashMap::new(),
        texts: HashMap::new(),
        prints: Vec::new(),
    };
    h.by_task.insert(
        7,
        vec![
            earlier(8, "召开专题会议研究部署规范性文件备案审查"),
            earlier(7, "开展行政执法案卷评查工作，抽查案卷15卷"),
            earlier(6, "开展行政执法案卷评查工作，抽查案卷12卷。"),
        ],
    );
    let now = "开展行政执法案卷评查工作，抽查案卷18卷";
    let found = h
        .find(7, p(9), now, &Fingerprint::of(now), 0.9)
        .expect("copied");
    assert_eq!(found.from_period, p(7));
    assert_eq!(found.similarity, 1.0);
    assert!(!found.identical);
    assert_eq!(found.label, "与2025年7月基本相同");
    assert_eq!(found.label(p(9)), "与2025年7月基本相同");
    assert_eq!(found.label(p(8)), "与上期基本相同");
    let new = "组织全县执法人员参加年度法律知识考试";
    assert!(h.find(7, p(9), new, &Fingerprint::of(new), 0.9).is_none());
    assert!(h.find(8, p(9), now, &Fingerprint::of(now), 0.9).is_none());
}

#[test]
fn peers_find_another_units_identical_text_only() {
    let mut peers = Peers::default();
    let text = "配合牵头单位完成法治宣传教育工作";
    peers.add(3, 10, "示例县财政局", text);
    let p = Period {
        year: 2025,
        month: 9,
    };
    let print = Fingerprint::of(text);
    assert!(peers.find(3, 10, p, text, &print).is_none(), "its own text");
    let found = peers.find(3, 11, p, text, &print).expect("another unit's");
    assert_eq!(found.from_unit.as_deref(), Some("示例县财政局"));
    assert_eq!(found.label, "与示例县财政局本期报送相同");
    assert!(peers.find(4, 11, p, text, &print).is_none(), "another task");
}

#[test]
fn thresholds_read_as_the_clerk_writes_them() -> Result<(), CopiedError> {
    assert_eq!(parse_threshold("0.85")?, 0.85);
    assert_eq!(parse_threshold("85%")?, 0.85);
    assert_eq!(parse_threshold("90")?, 0.9);
    for bad in ["0.3", "abc", "", "NaN", "150", "-1"] {
        assert_eq!(
            parse_threshold(bad).map_err(|e| e.kind()),
            Err(ErrorKind::Invalid),
            "{bad}"
        );
    }
    let mut db = Db::open_in_memory()?;
    assert_eq!(threshold(db.conn())?, DEFAULT_THRESHOLD);
    set_threshold(&mut db, 0.8)?;
    assert_eq!(threshold(db.conn())?, 0.8);
    assert!(set_threshold(&mut db, 0.2).is_err());
    assert_eq!(threshold(db.conn())?, 0.8);
    Ok(())
}
