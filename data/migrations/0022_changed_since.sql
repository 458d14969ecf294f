-- What an office has changed since another office (or the hub) last took
-- its changes: a bundle or a sync reads the rows whose newest change, or a
-- field's, is that recent through these indexes, instead of reading every
-- row of the foundation to find that nothing is new.
CREATE INDEX settings_version ON settings (version);
CREATE INDEX exchange_rates_version ON exchange_rates (version);
CREATE INDEX letter_templates_version ON letter_templates (version);
CREATE INDEX donors_version ON donors (version);
CREATE INDEX children_version ON children (version);
CREATE INDEX documents_version ON documents (version);
CREATE INDEX guardians_version ON guardians (version);
CREATE INDEX consents_version ON consents (version);
CREATE INDEX journey_events_version ON journey_events (version);
CREATE INDEX journey_event_documents_version ON journey_event_documents (version);
CREATE INDEX estimates_version ON estimates (version);
CREATE INDEX line_items_version ON line_items (version);
CREATE INDEX payments_version ON payments (version);
CREATE INDEX letters_version ON letters (version);
CREATE INDEX donations_version ON donations (version);
CREATE INDEX letter_donations_version ON letter_donations (version);
CREATE INDEX allocations_version ON allocations (version);
CREATE INDEX status_changes_version ON status_changes (version);
CREATE INDEX purges_version ON purges (version);
CREATE INDEX conflicts_version ON conflicts (version);
CREATE INDEX audit_log_version ON audit_log (version);
CREATE INDEX field_versions_version ON field_versions (tbl, version);
