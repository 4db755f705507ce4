-- 0001: plans, phases, sections, tasks, units, assignments, leadership group.
CREATE TABLE plan (
    id                INTEGER PRIMARY KEY,
    title             TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    doc_no            TEXT    NOT NULL DEFAULT '',
    issuer            TEXT    NOT NULL DEFAULT '',
    year              INTEGER,
    start_date        TEXT,
    end_date          TEXT,
    report_day        INTEGER CHECK (report_day BETWEEN 1 AND 31),
    report_month_end  INTEGER NOT NULL DEFAULT 0 CHECK (report_month_end IN (0, 1)),
    report_covers     TEXT    NOT NULL DEFAULT 'previous' CHECK (report_covers IN ('previous', 'current')),
    report_rule_text  TEXT    NOT NULL DEFAULT '',
    created_at        TEXT    NOT NULL
);

CREATE TABLE phase (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    start_date  TEXT,
    end_date    TEXT,
    description TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX phase_plan ON phase(plan_id, seq);

CREATE TABLE section (
    id        INTEGER PRIMARY KEY,
    plan_id   INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES section(id) ON DELETE CASCADE,
    code      TEXT    NOT NULL DEFAULT '',
    title     TEXT    NOT NULL,
    level     INTEGER NOT NULL DEFAULT 1,
    seq       INTEGER NOT NULL
);
CREATE INDEX section_plan ON section(plan_id, seq);

CREATE TABLE task (
    id             INTEGER PRIMARY KEY,
    plan_id        INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    section_id     INTEGER REFERENCES section(id) ON DELETE SET NULL,
    seq            INTEGER NOT NULL,
    code           TEXT    NOT NULL DEFAULT '',
    title          TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    requirements   TEXT    NOT NULL DEFAULT '',
    deadline_text  TEXT    NOT NULL DEFAULT '',
    deadline_kind  TEXT    NOT NULL DEFAULT 'none' CHECK (deadline_kind IN ('date', 'recurring', 'ongoing', 'none')),
    deadline       TEXT,
    recurrence     TEXT CHECK (recurrence IN ('monthly', 'quarterly', 'half_yearly', 'yearly')),
    status         TEXT    NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'done', 'ongoing')),
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    deleted_at     TEXT
);
CREATE INDEX task_plan ON task(plan_id, seq) WHERE deleted_at IS NULL;
-- A task code is unique within its section while the task is alive.
CREATE UNIQUE INDEX task_code_unique ON task(plan_id, ifnull(section_id, 0), code)
    WHERE deleted_at IS NULL AND code <> '';

CREATE TABLE unit (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    kind          TEXT    NOT NULL DEFAULT 'department' CHECK (kind IN ('department', 'township', 'group')),
    contact_name  TEXT    NOT NULL DEFAULT '',
    contact_phone TEXT    NOT NULL DEFAULT '',
    seq           INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE unit_alias (
    alias   TEXT    PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE
);
CREATE INDEX unit_alias_unit ON unit_alias(unit_id);

CREATE TABLE assignment (
    task_id INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
    role    TEXT    NOT NULL CHECK (role IN ('lead', 'co', 'responsible')),
    seq     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (task_id, unit_id, role)
) WITHOUT ROWID;
CREATE INDEX assignment_unit ON assignment(unit_id, task_id);

CREATE TABLE group_member (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    title      TEXT    NOT NULL DEFAULT '',
    org        TEXT    NOT NULL DEFAULT '',
    role       TEXT    NOT NULL,
    seq        INTEGER NOT NULL DEFAULT 0,
    from_date  TEXT,
    to_date    TEXT,
    deleted_at TEXT,
    CHECK (from_date IS NULL OR to_date IS NULL OR from_date <= to_date)
);
