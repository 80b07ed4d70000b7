-- Which detection of each detector was last applied to the board. Detections are numbered from a
-- sequence when they start (not by a clock, which can step back). Pulses detect before they take
-- turns applying; a pulse whose detection started before the one already applied would put older
-- findings back, so it leaves those detectors' cards alone.
CREATE SEQUENCE signal_detection_seq;
CREATE TABLE signal_detections (
  detector  text PRIMARY KEY,
  detection bigint NOT NULL
);
