-- Placeholder: number 005 is another branch's migration (issue 12). When that branch is merged,
-- delete this file (two files numbered 005 stop every hub at start, naming the folder).
SELECT 1;
