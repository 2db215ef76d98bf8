-- The dataset, grant and asset lists are Marten projections now, kept as documents in
-- domain.mt_doc_dataset_view, domain.mt_doc_grant_view and domain.mt_doc_asset_view (created with Marten's
-- tables, before this migration). The old tables held whole aggregate states and go; `dataport db migrate`
-- replays the streams into the new inline views once. The asset view is asynchronous and keeps its name,
-- `asset-views`: forgetting the old subscription's progress makes Marten's daemon project it from the start.
DROP TABLE domain.dataset_views;
DROP TABLE domain.grant_views;
DROP TABLE domain.asset_views;
DELETE FROM events.mt_event_progression WHERE name = 'asset-views:All';
