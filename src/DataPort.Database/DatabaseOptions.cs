using System.ComponentModel.DataAnnotations;

namespace DataPort.Database;

/// <summary>Where DataPort's PostgreSQL database is; bound from <c>ConnectionStrings:DataPort</c>.</summary>
public sealed class DatabaseOptions
{
    public const string ConnectionStringName = "DataPort";
    public const string SettingName = "ConnectionStrings:" + ConnectionStringName;
    public const string EnvironmentVariable = "ConnectionStrings__" + ConnectionStringName;

    [Required(ErrorMessage = "The setting " + SettingName + " is missing: set the environment variable "
        + EnvironmentVariable + " or add it to appsettings.json.")]
    public string? ConnectionString { get; set; }
}
