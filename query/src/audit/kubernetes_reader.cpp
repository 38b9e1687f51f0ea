// Kubernetes manifests, one or many documents: the ports of a workload's
// containers and initContainers (hostPort and hostNetwork put them on the
// node), and a Service's port, targetPort and nodePort.
#include "readers.hpp"
#include "yaml_documents.hpp"

#include <array>

namespace portdb::query::audit {
namespace {

/// Where each workload kind keeps its pod spec.
std::optional<YAML::Node> pod_spec(const std::string& kind, const YAML::Node& document) {
    const auto spec = child(document, "spec");
    if (kind == "Pod") {
        return spec;
    }
    constexpr std::array<std::string_view, 5> templated{"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"};
    if (std::find(templated.begin(), templated.end(), kind) != templated.end()) {
        return child(child(spec, "template"), "spec");
    }
    if (kind == "CronJob") {
        return child(child(child(child(spec, "jobTemplate"), "spec"), "template"), "spec");
    }
    return std::nullopt;
}

class Manifest {
public:
    Manifest(const ReadContext& context, ReadResult& result) : context_(context), result_(result) {}

    void document(const YAML::Node& document) {
        const auto kind = scalar(child(document, "kind"));
        if (!kind || !scalar(child(document, "apiVersion"))) {
            return;  // not a Kubernetes object
        }
        const auto name = scalar(child(child(document, "metadata"), "name")).value_or("(unnamed)");
        if (*kind == "Service") {
            service(name, child(document, "spec"));
        } else if (const auto spec = pod_spec(*kind, document); spec && spec->IsMap()) {
            pod(*kind + "/" + name, *spec);
        }
    }

private:
    void pod(const std::string& workload, const YAML::Node& spec) {
        const bool host_network = scalar(child(spec, "hostNetwork")).value_or("") == "true";
        const std::string pod_domain = "pod:" + context_.file.relative + "#" + workload;
        for (const char* list : {"initContainers", "containers"}) {
            const auto containers = child(spec, list);
            if (!containers.IsSequence()) {
                continue;
            }
            for (const auto& container : containers) {
                const auto owner = workload + "/" + scalar(child(container, "name")).value_or("(unnamed)");
                const auto ports = child(container, "ports");
                if (!ports.IsSequence()) {
                    continue;
                }
                for (const auto& port : ports) {
                    const auto protocol = lower(scalar(child(port, "protocol")).value_or("TCP"));
                    const auto container_port = child(port, "containerPort");
                    if (host_network) {
                        add(container_port, owner, protocol, Scope::host, "k8s-hostnetwork", "kubernetes-nodes", owner);
                    } else {
                        add(container_port, owner, protocol, Scope::container, "k8s-container", pod_domain, owner);
                    }
                    const auto host_port = child(port, "hostPort");
                    if (host_port.IsDefined() && !host_network) {
                        add(host_port, owner, protocol, Scope::host, "k8s-hostport", "kubernetes-nodes", owner,
                            scalar(child(port, "hostIP")).value_or(""));
                    }
                }
            }
        }
    }

    void service(const std::string& name, const YAML::Node& spec) {
        const auto type = scalar(child(spec, "type")).value_or("ClusterIP");
        const bool node_ports = type == "NodePort" || type == "LoadBalancer";
        const auto ports = child(spec, "ports");
        if (!ports.IsSequence()) {
            return;
        }
        const std::string owner = "Service/" + name;
        for (const auto& port : ports) {
            const auto protocol = lower(scalar(child(port, "protocol")).value_or("TCP"));
            add(child(port, "port"), owner, protocol, Scope::container, "k8s-service", "", owner);
            const auto target = child(port, "targetPort");
            if (const auto text = scalar(target); text && parse_port_span(*text)) {  // a name is no number
                add(target, owner, protocol, Scope::container, "k8s-service-target", "", owner);
            }
            const auto node_port = child(port, "nodePort");
            if (node_port.IsDefined() && node_ports) {
                add(node_port, owner, protocol, Scope::host, "k8s-nodeport", "kubernetes-nodes", owner);
            } else if (node_port.IsDefined()) {
                result_.problems.push_back(
                    {context_.file.relative, line_of(node_port),
                     "a nodePort on a Service of type " + type + ": only NodePort and LoadBalancer Services have one"});
            }
        }
    }

    void add(const YAML::Node& node, const std::string& owner, const std::string& protocol, Scope scope,
             const char* kind, const std::string& domain, const std::string& identity,
             const std::string& address = "") {
        const auto text = scalar(node);
        if (!text) {
            return;
        }
        const auto span = parse_single_port(*text);
        if (!span) {
            result_.problems.push_back(
                {context_.file.relative, line_of(node), "\"" + *text + "\" is not a port (1-65535)"});
            return;
        }
        auto binding =
            make_binding(context_.file.relative, line_of(node), owner, *span, protocol, scope, kind, address);
        binding.domain = domain;
        binding.identity = "k8s:" + context_.file.relative + "#" + identity;
        binding.targets = TargetSet{Target::kubernetes, Target::linux_os};
        result_.bindings.push_back(std::move(binding));
    }

    const ReadContext& context_;
    ReadResult& result_;
};

}  // namespace

ReadResult read_kubernetes(const ReadContext& context) {
    ReadResult result;
    const auto documents = load_documents(context, result);
    if (!documents) {
        return result;
    }
    Manifest manifest(context, result);
    for (const auto& document : *documents) {
        manifest.document(document);
    }
    return result;
}

}  // namespace portdb::query::audit
