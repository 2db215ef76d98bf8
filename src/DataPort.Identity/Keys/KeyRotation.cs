namespace DataPort.Identity.Keys;

/// <summary>
/// The rotation schedule as pure functions of the keys' activation times and the clock. A key signs from its
/// activation until the next key activates; the next key is created <c>PropagationTime</c> before that, so JWKS
/// caches hold it before any token carries its kid; a retired key stays published for <c>RetentionDuration</c>
/// after its successor activates, so the tokens it signed can still be validated.
/// </summary>
public static class KeyRotation
{
    /// <summary>When a key to be created now should activate, or null when no key is needed.</summary>
    public static DateTimeOffset? ActivationOfKeyToCreate(
        IReadOnlyCollection<DateTimeOffset> activations, DateTimeOffset now, KeyRotationOptions options)
    {
        var current = Current(activations, now);
        if (current is not { } active)
        {
            // Nothing can sign: the very first key (or one after a long outage) has nothing to overlap with.
            return now;
        }
        if (activations.Any(at => at > now))
        {
            return null;
        }
        var due = active + options.RotationInterval;
        if (now < due - options.PropagationTime)
        {
            return null;
        }
        // Late (the service was down when it was due): announce first, keep signing with the old key meanwhile.
        var announced = now + options.PropagationTime;
        return due > announced ? due : announced;
    }

    /// <summary>The activation time of the key that signs at <paramref name="now"/>: the latest one already active.</summary>
    public static DateTimeOffset? Current(IReadOnlyCollection<DateTimeOffset> activations, DateTimeOffset now)
    {
        var active = activations.Where(at => at <= now).ToList();
        return active.Count == 0 ? null : active.Max();
    }

    /// <summary>Whether the key that activates at <paramref name="activation"/> still belongs in the JWKS.</summary>
    public static bool IsPublished(
        DateTimeOffset activation, IReadOnlyCollection<DateTimeOffset> activations, DateTimeOffset now, KeyRotationOptions options)
    {
        var successors = activations.Where(at => at > activation && at <= now).ToList();
        return successors.Count == 0 || now < successors.Min() + options.RetentionDuration;
    }
}
