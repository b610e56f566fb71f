new File(basedir, 'web.txt').text = 'the web part\n'
new File(basedir, 'worker.txt').text = 'the worker part\n'
return true
