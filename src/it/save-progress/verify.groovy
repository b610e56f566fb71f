import io.github.scratchimage.maven.ItTools

File dir = basedir
String log = new File(dir, 'build.log').text
int firstEnd = log.indexOf('BUILD SUCCESS')
assert firstEnd > 0 : log
String first = log.substring(0, firstEnd)
String quiet = log.substring(firstEnd)

// the first build: lines while the layer is built, one a line, as CI logs show them
def lines = first.readLines().findAll { it.contains('Progress: ') }
assert !lines.isEmpty() : first
lines.each {
    assert it ==~ /\[INFO\] Progress: (resolving and checking files|0\/1 layer\(s\) built; compressed \d+\.\d MB at \d+\.\d MB\/s|1\/1 layer\(s\) built; compressed \d+\.\d MB; writing the outputs)/ : it
}
assert lines.any { it.contains('0/1 layer(s) built; compressed') && !it.contains('compressed 0.0 MB') } : lines

// the second build ran (its creation time is in the image) and printed no progress line
def config = ItTools.skopeo(dir, '--config', "oci-archive:${dir}/target/scratch/image.tar:1.0")
assert config.created == '2024-06-01T00:00:00Z'
assert !quiet.contains('Progress: ') : quiet
return true
