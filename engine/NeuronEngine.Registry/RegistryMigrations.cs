namespace NeuronEngine.Registry;

/// <summary>
/// The registry schema as an ordered list of migrations. Entry <c>i</c> takes a database from
/// <c>PRAGMA user_version</c> <c>i</c> to <c>i + 1</c>; they run at start, all pending ones in one transaction.
/// </summary>
/// <remarks>
/// Append only: a shipped entry is never edited, because databases in the field already ran it. To add
/// tables (training runs, for example) append one more SQL string. Every table's primary
/// key starts with <c>tenant</c>, so no lookup can reach another tenant's rows by accident.
/// </remarks>
internal static class RegistryMigrations
{
    /// <summary>The migrations this build knows; its schema version is their count.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        // 1: event types, signal templates and their signals, catalog items.
        """
        CREATE TABLE event_types (
            tenant      TEXT    NOT NULL,
            type        TEXT    NOT NULL,
            name        TEXT    NOT NULL,
            weight      INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
            created     INTEGER NOT NULL,
            updated     INTEGER NOT NULL,
            PRIMARY KEY (tenant, type)
        ) WITHOUT ROWID;

        CREATE TABLE templates (
            tenant           TEXT    NOT NULL,
            template_id      TEXT    NOT NULL,
            name             TEXT    NOT NULL,
            min_total_events INTEGER NOT NULL CHECK (min_total_events >= 0),
            tag_filter       TEXT    NOT NULL,
            status           INTEGER NOT NULL CHECK (status IN (1, 2)),
            created          INTEGER NOT NULL,
            updated          INTEGER NOT NULL,
            published        INTEGER NULL,
            PRIMARY KEY (tenant, template_id)
        ) WITHOUT ROWID;

        -- No foreign key to event_types: a Draft may outlive a type it names; Publish re-checks.
        -- weight is what the client set (NULL = inherit the type's); frozen_weight is set by Publish.
        CREATE TABLE template_signals (
            tenant        TEXT    NOT NULL,
            template_id   TEXT    NOT NULL,
            ordinal       INTEGER NOT NULL,
            type          TEXT    NOT NULL,
            weight        INTEGER NULL CHECK (weight BETWEEN 1 AND 100),
            frozen_weight INTEGER NULL,
            threshold     INTEGER NOT NULL CHECK (threshold >= 0),
            PRIMARY KEY (tenant, template_id, ordinal),
            FOREIGN KEY (tenant, template_id) REFERENCES templates (tenant, template_id) ON DELETE CASCADE
        ) WITHOUT ROWID;

        CREATE INDEX template_signals_by_type ON template_signals (tenant, type);

        -- attributes is a JSON object of string values, keys sorted.
        CREATE TABLE catalog_items (
            tenant     TEXT    NOT NULL,
            item_id    TEXT    NOT NULL,
            attributes TEXT    NOT NULL,
            active     INTEGER NOT NULL CHECK (active IN (0, 1)),
            updated    INTEGER NOT NULL,
            PRIMARY KEY (tenant, item_id)
        ) WITHOUT ROWID;
        """,

        // 2: model families and versions, endpoints, promotions, audit log.
        """
        -- A family exists once its first version is registered; "shared" owns the base families.
        CREATE TABLE model_families (
            tenant  TEXT    NOT NULL,
            family  TEXT    NOT NULL,
            created INTEGER NOT NULL,
            PRIMARY KEY (tenant, family)
        ) WITHOUT ROWID;

        -- A rowid table: manifests can be kilobytes, and WITHOUT ROWID suits only small rows.
        -- metrics is a JSON object of numbers, keys sorted; manifest is stored as registered.
        CREATE TABLE model_versions (
            tenant        TEXT    NOT NULL,
            family        TEXT    NOT NULL,
            version       INTEGER NOT NULL CHECK (version >= 1),
            name          TEXT    NOT NULL,
            label         TEXT    NOT NULL,
            description   TEXT    NOT NULL,
            status        INTEGER NOT NULL CHECK (status IN (1, 2)),
            created       INTEGER NOT NULL,
            run_id        TEXT    NULL,
            template_id   TEXT    NULL,
            metrics       TEXT    NOT NULL,
            manifest      TEXT    NOT NULL,
            artifact_path TEXT    NOT NULL,
            size_bytes    INTEGER NOT NULL CHECK (size_bytes >= 0),
            approved      INTEGER NULL,
            approved_by   TEXT    NULL,
            PRIMARY KEY (tenant, family, version),
            FOREIGN KEY (tenant, family) REFERENCES model_families (tenant, family)
        );

        -- owner_tenant/family/version is what serves (NULL: nothing); it stays the old version while Updating.
        -- promotion_id is the promotion in flight while Updating.
        CREATE TABLE model_endpoints (
            tenant       TEXT    NOT NULL,
            endpoint     TEXT    NOT NULL,
            owner_tenant TEXT    NULL,
            family       TEXT    NULL,
            version      INTEGER NULL,
            status       INTEGER NOT NULL CHECK (status IN (1, 2, 3, 4)),
            since        INTEGER NOT NULL,
            last_error   TEXT    NULL,
            promotion_id INTEGER NULL,
            PRIMARY KEY (tenant, endpoint),
            FOREIGN KEY (owner_tenant, family, version) REFERENCES model_versions (tenant, family, version),
            CHECK ((owner_tenant IS NULL) = (version IS NULL) AND (family IS NULL) = (version IS NULL))
        ) WITHOUT ROWID;

        -- promotion_id is unique across tenants (CompletePromotion names only the id) and increasing.
        -- result: NULL while running, 1 succeeded, 2 failed.
        CREATE TABLE model_promotions (
            tenant             TEXT    NOT NULL,
            endpoint           TEXT    NOT NULL,
            promotion_id       INTEGER NOT NULL,
            owner_tenant       TEXT    NOT NULL,
            family             TEXT    NOT NULL,
            version            INTEGER NOT NULL,
            prev_owner_tenant  TEXT    NULL,
            prev_family        TEXT    NULL,
            prev_version       INTEGER NULL,
            actor              TEXT    NOT NULL,
            requested          INTEGER NOT NULL,
            finished           INTEGER NULL,
            result             INTEGER NULL CHECK (result IN (1, 2)),
            error              TEXT    NULL,
            duration_ms        INTEGER NULL CHECK (duration_ms >= 0),
            PRIMARY KEY (tenant, endpoint, promotion_id),
            FOREIGN KEY (owner_tenant, family, version) REFERENCES model_versions (tenant, family, version)
        ) WITHOUT ROWID;

        CREATE UNIQUE INDEX model_promotions_by_id ON model_promotions (promotion_id);

        CREATE TABLE audit_log (
            tenant   TEXT    NOT NULL,
            audit_id INTEGER NOT NULL,
            at       INTEGER NOT NULL,
            actor    TEXT    NOT NULL,
            action   TEXT    NOT NULL,
            target   TEXT    NOT NULL,
            result   TEXT    NOT NULL,
            PRIMARY KEY (tenant, audit_id)
        ) WITHOUT ROWID;
        """,

        // 3: training runs, their epochs and log lines, uploaded datasets.
        """
        -- run_id is unique across tenants (trainers name runs without a tenant); the key still starts with tenant.
        -- A rowid table: frozen templates, rubrics and manifests make rows large.
        -- lease_id is NULL whenever no trainer may report (queued, finished, or its lease was revoked by StopRun).
        -- rubric and final_metrics are JSON; version_family/version_number name the version the run registered.
        CREATE TABLE training_runs (
            tenant           TEXT    NOT NULL,
            run_id           TEXT    NOT NULL,
            template_id      TEXT    NOT NULL,
            template_name    TEXT    NOT NULL,
            frozen_template  TEXT    NOT NULL,
            recipe           TEXT    NOT NULL,
            epochs           INTEGER NOT NULL CHECK (epochs >= 1),
            batch_size       INTEGER NOT NULL CHECK (batch_size >= 1),
            learning_rate    REAL    NOT NULL CHECK (learning_rate > 0),
            seed             INTEGER NOT NULL,
            rubric           TEXT    NOT NULL,
            family           TEXT    NOT NULL,
            actor            TEXT    NOT NULL,
            train_dataset_id TEXT    NULL,
            eval_dataset_id  TEXT    NULL,
            log_position     INTEGER NOT NULL CHECK (log_position >= 0),
            status           INTEGER NOT NULL CHECK (status BETWEEN 1 AND 6),
            created          INTEGER NOT NULL,
            started          INTEGER NULL,
            finished         INTEGER NULL,
            lease_id         TEXT    NULL,
            lease_holder     TEXT    NULL,
            lease_expires    INTEGER NULL,
            stop_requested   INTEGER NOT NULL CHECK (stop_requested IN (0, 1)),
            phase            TEXT    NOT NULL,
            epoch            INTEGER NOT NULL,
            step             INTEGER NOT NULL,
            steps_per_epoch  INTEGER NOT NULL,
            final_metrics    TEXT    NOT NULL,
            manifest         TEXT    NOT NULL,
            version_family   TEXT    NULL,
            version_number   INTEGER NULL,
            error            TEXT    NULL,
            PRIMARY KEY (tenant, run_id),
            CHECK ((train_dataset_id IS NULL) = (eval_dataset_id IS NULL))
        );

        CREATE UNIQUE INDEX training_runs_by_id ON training_runs (run_id);
        CREATE INDEX training_runs_by_status ON training_runs (status, created, run_id);
        CREATE INDEX training_runs_by_created ON training_runs (tenant, created, run_id);

        -- metrics is a JSON object of numbers, keys sorted.
        CREATE TABLE run_epochs (
            tenant  TEXT    NOT NULL,
            run_id  TEXT    NOT NULL,
            epoch   INTEGER NOT NULL CHECK (epoch >= 1),
            loss    REAL    NOT NULL,
            metrics TEXT    NOT NULL,
            PRIMARY KEY (tenant, run_id, epoch),
            FOREIGN KEY (tenant, run_id) REFERENCES training_runs (tenant, run_id) ON DELETE CASCADE
        ) WITHOUT ROWID;

        -- seq increases per run; only the newest lines are kept (RunStore.MaxLogLines).
        CREATE TABLE run_logs (
            tenant TEXT    NOT NULL,
            run_id TEXT    NOT NULL,
            seq    INTEGER NOT NULL,
            line   TEXT    NOT NULL,
            PRIMARY KEY (tenant, run_id, seq),
            FOREIGN KEY (tenant, run_id) REFERENCES training_runs (tenant, run_id) ON DELETE CASCADE
        );

        -- path is relative to the datasets directory; sha256 is lowercase hex of the file.
        CREATE TABLE datasets (
            tenant      TEXT    NOT NULL,
            dataset_id  TEXT    NOT NULL,
            description TEXT    NOT NULL,
            path        TEXT    NOT NULL,
            events      INTEGER NOT NULL CHECK (events >= 0),
            users       INTEGER NOT NULL CHECK (users >= 0),
            items       INTEGER NOT NULL CHECK (items >= 0),
            bytes       INTEGER NOT NULL CHECK (bytes >= 0),
            sha256      TEXT    NOT NULL,
            created     INTEGER NOT NULL,
            PRIMARY KEY (tenant, dataset_id)
        ) WITHOUT ROWID;
        """,
        // API keys: a salted SHA-256 of the secret, never the secret. Revoked keys stay (audit records name them).
        """
        CREATE TABLE api_keys (
            key_id      TEXT    NOT NULL PRIMARY KEY,
            name        TEXT    NOT NULL,
            tenant      TEXT    NOT NULL,
            roles       INTEGER NOT NULL CHECK (roles > 0),
            salt        BLOB    NOT NULL,
            hash        BLOB    NOT NULL,
            created     INTEGER NOT NULL,
            last_used   INTEGER,
            revoked     INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX api_keys_tenant ON api_keys (tenant, created);
        """,
    ];
}
