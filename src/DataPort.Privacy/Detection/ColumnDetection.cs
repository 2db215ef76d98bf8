namespace DataPort.Privacy.Detection;

/// <summary>What the sample of one column looks like, before the policy grades it.</summary>
/// <param name="EmbeddedEntities">For free text: the entities found inside it (decides whether it is sensitive).</param>
public sealed record ColumnDetection(string Name, string? Entity, double Confidence, IReadOnlySet<string> EmbeddedEntities)
{
    public bool Personal => Entity is not null && (Entity == EntityIds.FreeTextWithPii
        ? EmbeddedEntities.Any(EntityIds.IsPersonal)
        : EntityIds.IsPersonal(Entity));

    public bool Sensitive => Entity is not null && (Entity == EntityIds.FreeTextWithPii
        ? EmbeddedEntities.Any(EntityIds.IsSensitive)
        : EntityIds.IsSensitive(Entity));
}
