using Cake.Core.Annotations;
using Cake.Core.Composition;
using Cake.Core.Scripting;

[assembly: CakeModule(typeof(Workflow.CakeModule.StartupModule))]

namespace Workflow.CakeModule;

/// <summary>Registered after Cake's own services, so Cake resolves its alias finder to ours.</summary>
public sealed class StartupModule : ICakeModule
{
    public void Register(ICakeContainerRegistrar registrar) =>
        registrar.RegisterType<AliasFinder>().As<IScriptAliasFinder>().Singleton();
}
