-- Today (issue 30) asks across all cases what runs out or waits: each of
-- its questions is served by an index, so that the list is on screen at
-- once at ten thousand children.
CREATE INDEX consents_ending ON consents (expires_on) WHERE deleted_at IS NULL AND withdrawn_on IS NULL;
CREATE INDEX consents_withdrawn ON consents (withdrawn_on) WHERE deleted_at IS NULL AND withdrawn_on IS NOT NULL;
CREATE INDEX estimates_waiting ON estimates (status, valid_until) WHERE deleted_at IS NULL;
CREATE INDEX donations_no_donor ON donations (received_on) WHERE deleted_at IS NULL AND donor_id IS NULL;
