namespace NeuronEngine.Registry;

/// <summary>
/// The registry schema as an ordered list of migrations. Entry <c>i</c> takes a database from
/// <c>PRAGMA user_version</c> <c>i</c> to <c>i + 1</c>; they run at start, all pending ones in one transaction.
/// </summary>
/// <remarks>
/// Append only: a shipped entry is never edited, because databases in the field already ran it. To add
/// tables (runs, families, versions, endpoints, audit) append one more SQL string. Every table's primary
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
    ];
}
