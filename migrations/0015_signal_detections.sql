-- When each detector's findings were last applied to the board, by the detection's start time.
-- Pulses detect before they take turns applying; a pulse whose detection started before the one
-- already applied would put older findings back, so it leaves those detectors' cards alone.
CREATE TABLE signal_detections (
  detector    text PRIMARY KEY,
  detected_at timestamptz NOT NULL
);
