import io.github.scratchimage.maven.ItTools

File dir = basedir
String tar = new File(dir, 'target/scratch/image.tar').path

def config = ItTools.skopeo(dir, '--config', "oci-archive:${tar}")
// an empty <arg/> (null from Maven) and <arg></arg> are empty arguments, kept in place
assert config.config.Entrypoint == ['/app', '', '--name', '']
assert config.config.Cmd == ['']
// the OCI config's keys are port/protocol: a range is one key per port
assert config.config.ExposedPorts.keySet() as List == ['53/udp', '8000/tcp', '8001/tcp', '8002/tcp']
assert config.config.User == '65532:nonroot'
assert config.config.StopSignal == 'SIGRTMIN+3'
// the last time with a four-digit year, which skopeo still reads
assert config.created == '9999-12-31T23:59:59Z'
return true
