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
fn history_finds_the_most_similar_then_most_recent_earlier_text() -> Result<(), CopiedError> {
    let db = Db::open_in_memory()?;
    let conn = db.conn();
    let p = |m| Period {
        year: 2025,
        month: m,
    };
    // Three earlier months, each its own submission with its texts at hand.
    let months = [
        (8, "召开专题会议研究部署规范性文件备案审查"),
        (7, "开展行政执法案卷评查工作，抽查案卷15卷"),
        (6, "开展行政执法案卷评查工作，抽查案卷12卷。"),
    ];
    let mut h = History {
        by_task: HashMap::new(),
        subs: Vec::new(),
        prints: HashMap::new(),
    };
    for (at, (m, t)) in months.iter().enumerate() {
        let id = 100 + at as i64;
        h.subs.push(Sub {
            id: at as i64,
            span: (id, id),
            texts: Some(HashMap::from([(id, Rc::from(*t))])),
        });
        h.by_task.entry(7).or_default().push(Earlier {
            period: p(*m),
            sub: at,
            progress_id: id,
            print: Print::of(t),
        });
    }
    let now = "开展行政执法案卷评查工作，抽查案卷18卷";
    let found = h
        .find(conn, 7, p(9), now, Print::of(now), 0.9)?
        .ok_or("not found")
        .map_err(|e| CopiedError::BadThreshold(e.into()))?;
    assert_eq!(found.from_period, p(7));
    assert_eq!(found.similarity, 1.0);
    assert!(!found.identical);
    assert_eq!(found.text, months[1].1);
    assert_eq!(found.label, "与2025年7月基本相同");
    assert_eq!(found.label(p(9)), "与2025年7月基本相同");
    assert_eq!(found.label(p(8)), "与上期基本相同");
    let new = "组织全县执法人员参加年度法律知识考试";
    assert!(h.find(conn, 7, p(9), new, Print::of(new), 0.9)?.is_none());
    assert!(h.find(conn, 8, p(9), now, Print::of(now), 0.9)?.is_none());
    // One word changed: found by its bigrams, below 1.
    let word = "召开专题会议研究部署规范性文件合法审查";
    let near = h
        .find(conn, 7, p(9), word, Print::of(word), 0.8)?
        .ok_or("near")
        .map_err(|e| CopiedError::BadThreshold(e.into()))?;
    assert_eq!(near.from_period, p(8));
    assert!((0.8..1.0).contains(&near.similarity), "{}", near.similarity);
    Ok(())
}

#[test]
fn peers_find_another_units_identical_text_only() -> Result<(), CopiedError> {
    let db = Db::open_in_memory()?;
    let mut peers = Peers::default();
    let text = "配合牵头单位完成法治宣传教育工作";
    peers.add(3, 10, "示例县财政局", text);
    let p = Period {
        year: 2025,
        month: 9,
    };
    let print = Print::of(text);
    let conn = db.conn();
    assert!(
        peers.find(conn, 3, 10, p, text, print)?.is_none(),
        "its own text"
    );
    let found = peers
        .find(conn, 3, 11, p, text, print)?
        .ok_or("another unit's")
        .map_err(|e| CopiedError::BadThreshold(e.into()))?;
    assert_eq!(found.from_unit.as_deref(), Some("示例县财政局"));
    assert_eq!(found.label, "与示例县财政局本期报送相同");
    assert!(
        peers.find(conn, 4, 11, p, text, print)?.is_none(),
        "another task"
    );
    Ok(())
}

#[test]
fn the_bound_is_never_below_the_similarity() {
    let texts = [
        "开展行政执法案卷评查工作",
        "开展行政执法案卷评查工作，抽查案卷",
        "推进推进推进工作",
        "推进工作",
        "无",
        "组织全县执法人员参加年度法律知识考试",
    ];
    for a in texts {
        for b in texts {
            let s = Fingerprint::of(a).similarity(&Fingerprint::of(b));
            assert!(bound(Print::of(a), Print::of(b)) >= s, "{a} / {b}");
        }
    }
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
