namespace DataPort.Grains.Runtime;

/// <summary>Marks a grain interface, as in Orleans. Grain interfaces hold only async methods and domain types.</summary>
public interface IGrain;

/// <summary>A grain addressed by a string key (Orleans' <c>IGrainWithStringKey</c>).</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>Hands out references to grains; calling a method on one activates the grain if needed.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey;
}
