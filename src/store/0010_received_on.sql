-- 0010: the day a department's report arrived (by WeChat or e-mail), apart from the time it was
-- imported (received_at). On time / late is judged by this day. Reports imported before this
-- migration arrived, as far as anyone knows, on the day they were imported.
ALTER TABLE submission ADD COLUMN received_on TEXT
    CHECK (received_on IS NULL OR received_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');
UPDATE submission SET received_on = substr(received_at, 1, 10)
    WHERE substr(received_at, 1, 10) GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]';
