namespace DataPort.Grains.Runtime;

/// <summary>Which class implements which grain interface; filled through <c>services.Configure&lt;GrainCatalog&gt;</c>.</summary>
public sealed class GrainCatalog
{
    private readonly Dictionary<Type, Type> implementations = [];

    public GrainCatalog Add<TGrainInterface, TGrain>()
        where TGrainInterface : IGrainWithStringKey
        where TGrain : Grain, TGrainInterface
    {
        implementations[typeof(TGrainInterface)] = typeof(TGrain);
        return this;
    }

    internal Type ImplementationOf(Type grainInterface) =>
        implementations.TryGetValue(grainInterface, out var type)
            ? type
            : throw new InvalidOperationException($"No grain implements {grainInterface.Name}: add it to the GrainCatalog.");
}
