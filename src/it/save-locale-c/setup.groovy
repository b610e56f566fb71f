// The name's bytes are UTF-8 ("café.txt"), written by the shell whatever this JVM's own locale is.
def site = new File(basedir, 'site')
site.mkdirs()
def process = ['sh', '-c', 'printf x > "$(printf \'caf\\303\\251.txt\')"'].execute(null, site)
assert process.waitFor() == 0 : process.err.text
return true
