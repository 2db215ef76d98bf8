using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace DataPort.Grains.Runtime;

/// <summary>
/// The grain reference handed out by <see cref="IGrainFactory.GetGrain{TGrainInterface}"/>: every call is routed
/// through the runtime, which finds or creates the activation and waits for its turn. This is what Orleans'
/// generated references do; <see cref="DispatchProxy"/> stands in for its code generator.
/// </summary>
public class GrainProxy : DispatchProxy
{
    private static readonly MethodInfo InvokeTypedMethod =
        typeof(GrainProxy).GetMethod(nameof(InvokeTyped), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private static readonly ConcurrentDictionary<Type, MethodInfo> TypedInvokers = new();

    private GrainRuntime runtime = null!;
    private GrainId id;

    internal void Bind(GrainRuntime grainRuntime, GrainId grainId)
    {
        runtime = grainRuntime;
        id = grainId;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var returnType = targetMethod.ReturnType;
        if (returnType == typeof(Task))
        {
            return runtime.InvokeAsync<object?>(id, async grain =>
            {
                await (Task)Call(grain, targetMethod, args)!;
                return null;
            });
        }
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var invoker = TypedInvokers.GetOrAdd(returnType.GetGenericArguments()[0], t => InvokeTypedMethod.MakeGenericMethod(t));
            return invoker.Invoke(this, [targetMethod, args]);
        }
        throw new NotSupportedException($"Grain method {targetMethod.DeclaringType?.Name}.{targetMethod.Name} must return Task or Task<T>.");
    }

    private Task<T> InvokeTyped<T>(MethodInfo method, object?[]? args) =>
        runtime.InvokeAsync(id, grain => (Task<T>)Call(grain, method, args)!);

    private static object? Call(Grain grain, MethodInfo method, object?[]? args)
    {
        try
        {
            return method.Invoke(grain, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
