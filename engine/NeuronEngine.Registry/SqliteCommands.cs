using Microsoft.Data.Sqlite;

namespace NeuronEngine.Registry;

/// <summary>Small helpers that keep the stores' SQL readable.</summary>
internal static class SqliteCommands
{
    /// <summary>Creates a command bound to <paramref name="transaction"/> (Microsoft.Data.Sqlite refuses commands that omit it).</summary>
    public static SqliteCommand Command(this SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static int Execute(this SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.Command(transaction, sql);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(this SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.Command(transaction, sql);
        return command.ExecuteScalar();
    }

    /// <summary>Adds a parameter, mapping null to <see cref="DBNull"/>.</summary>
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static int? GetNullableInt32(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static DateTimeOffset GetTimestamp(this SqliteDataReader reader, int ordinal) =>
        new(reader.GetInt64(ordinal), TimeSpan.Zero);

    public static DateTimeOffset? GetNullableTimestamp(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero);
}
