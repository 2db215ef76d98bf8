using DataPort.Domain.Common;

namespace DataPort.Grains.EventSourcing;

/// <summary>Refuses a command addressed to another grain than the one it was sent to.</summary>
public static class GrainKeys
{
    public static void Check(string commandKey, string grainKey)
    {
        if (!string.Equals(commandKey, grainKey, StringComparison.Ordinal))
        {
            throw new InvalidInputException($"The command addresses '{commandKey}' but was sent to grain '{grainKey}'.");
        }
    }
}
