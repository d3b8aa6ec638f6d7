-- The most download grants each distribution point ever had in flight at once, as rollout counted them when it
-- granted (under the DP's advisory lock, so the figure holds with any number of replicas). Operators and the
-- cross-service test read it to show the cap K was never exceeded.
CREATE TABLE grant_peak (
    distribution_point text PRIMARY KEY,
    peak_in_flight int NOT NULL CHECK (peak_in_flight >= 1),
    peak_at timestamptz NOT NULL
);
